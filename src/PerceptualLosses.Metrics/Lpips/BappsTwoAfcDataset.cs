using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>
/// A BAPPS 2AFC split folder (<c>2afc/{train,val}/&lt;set&gt;</c> with <c>ref/</c>, <c>p0/</c>, <c>p1/</c> images and
/// <c>judge/*.npy</c>), as read by the reference's <c>data/dataset/twoafc_dataset.py</c>. Triplets are matched by file
/// stem; a stem missing in any of the four folders is an error listing them. Images must already have the training size
/// (BAPPS patches are 64×64); nothing is resized.
/// </summary>
public sealed class BappsTwoAfcDataset
{
    private static readonly string[] ImageExtensions = { ".png", ".jpg", ".jpeg", ".bmp" };
    private static readonly string[] Parts = { "ref", "p0", "p1", "judge" };
    private readonly Func<string, Tensor> readImage;
    private readonly string[] stems;

    /// <summary>Indexes one or more set folders (e.g. <c>2afc/train/traditional</c>, <c>2afc/train/cnn</c>).</summary>
    /// <param name="folders">Set folders, each holding ref, p0, p1 and judge.</param>
    /// <param name="readImage">Reads an image file to <c>[3,H,W]</c> in [0,1].</param>
    public BappsTwoAfcDataset(IReadOnlyList<string> folders, Func<string, Tensor> readImage)
    {
        Guard.NotNull(folders);
        this.readImage = Guard.NotNull(readImage);
        Guard.NotEmpty(folders, "BAPPS set folder");

        var all = new List<string>();
        for (int f = 0; f < folders.Count; f++)
        {
            string folder = folders[f];
            Guard.DirectoryExists(folder, nameof(folders));
            var byPart = Parts.ToDictionary(p => p, p => Stems(folder, p));
            var union = byPart.Values.SelectMany(s => s.Keys).Distinct(StringComparer.Ordinal).ToArray();
            var incomplete = union.Where(s => byPart.Values.Any(d => !d.ContainsKey(s))).Take(20).ToArray();
            if (incomplete.Length > 0)
            {
                throw new ArgumentException($"{folder}: these triplets miss ref, p0, p1 or judge files: {string.Join(", ", incomplete)}.", nameof(folders));
            }

            if (union.Length == 0)
            {
                throw new ArgumentException($"{folder} holds no triplets (expected ref/, p0/, p1/ images and judge/*.npy).", nameof(folders));
            }

            all.AddRange(union.OrderBy(s => s, StringComparer.Ordinal).Select(s => Key(f, s)));
            foreach (var (part, files) in byPart)
            {
                foreach (var (stem, file) in files)
                {
                    paths[(Key(f, stem), part)] = file;
                }
            }
        }

        stems = all.ToArray();
    }

    private readonly Dictionary<(string Key, string Part), string> paths = new();

    /// <summary>Number of triplets.</summary>
    public int Count => stems.Length;

    /// <summary>Batches in an order shuffled by <paramref name="seed"/> (or in file order when null); the last batch may be smaller.</summary>
    public IEnumerable<TwoAfcBatch> Batches(int batchSize, int? seed)
    {
        Guard.AtLeast(batchSize, 1);
        var order = Enumerable.Range(0, stems.Length).ToArray();
        if (seed is int s)
        {
            new Random(s).Shuffle(order);
        }

        for (int start = 0; start < order.Length; start += batchSize)
        {
            var chosen = order.Skip(start).Take(batchSize).Select(i => stems[i]).ToArray();
            yield return Load(chosen);
        }
    }

    private TwoAfcBatch Load(IReadOnlyList<string> keys)
    {
        using var scope = NewDisposeScope();
        Tensor Stack(string part) => stack(keys.Select(k => readImage(paths[(k, part)])).ToArray());
        var judge = keys.Select(k =>
        {
            var (values, _) = NpyReader.Read(paths[(k, "judge")]);
            return values.Length == 1 ? (float)values[0] : throw new InvalidDataException($"{paths[(k, "judge")]} must hold one value; it holds {values.Length}.");
        }).ToArray();
        var batch = new TwoAfcBatch(Stack("ref"), Stack("p0"), Stack("p1"), tensor(judge));
        batch.Reference.MoveToOuterDisposeScope();
        batch.P0.MoveToOuterDisposeScope();
        batch.P1.MoveToOuterDisposeScope();
        batch.Judge.MoveToOuterDisposeScope();
        return batch;
    }

    private static string Key(int folder, string stem) => $"{folder}/{stem}";

    private static Dictionary<string, string> Stems(string folder, string part)
    {
        string directory = Path.Combine(folder, part);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"BAPPS folder {folder} has no '{part}' subfolder.");
        }

        bool judge = part == "judge";
        return Directory.EnumerateFiles(directory)
            .Where(f => judge ? f.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) : ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f, StringComparer.Ordinal);
    }
}
