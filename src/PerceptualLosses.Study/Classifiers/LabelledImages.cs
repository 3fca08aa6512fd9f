using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Data;
using PerceptualLosses.Study.Pipeline;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Classifiers;

/// <summary>
/// A labelled image set for classifiers (Table 1, Figure 1, <c>train-classifier</c>, <c>robustness</c>): an IDX folder
/// (MNIST / Fashion-MNIST layout, held in memory, grey optionally replicated to RGB and padded) or an ImageNet-style class
/// folder (<c>root/&lt;class&gt;/&lt;image&gt;</c>, read batch by batch with the training or evaluation transform).
/// </summary>
public sealed class LabelledImages : IDisposable
{
    private readonly Tensor? images;
    private readonly Tensor? labels;
    private readonly ClassFolderDataset? folder;
    private readonly LabelledImagesOptions options;

    private LabelledImages(LabelledImagesOptions options, Tensor? images, Tensor? labels, ClassFolderDataset? folder, int count, int numClasses)
    {
        this.options = options;
        this.images = images;
        this.labels = labels;
        this.folder = folder;
        Count = count;
        NumClasses = numClasses;
    }

    /// <summary>Number of images used.</summary>
    public int Count { get; }

    /// <summary>Number of classes (IDX: largest label + 1; class folder: number of subfolders).</summary>
    public int NumClasses { get; }

    /// <summary><c>idx</c> or <c>folder</c>.</summary>
    public string Format => folder is null ? "idx" : "folder";

    /// <summary>Channels of a batch (1 for grey IDX kept as is, else 3).</summary>
    public int Channels => images is null ? 3 : (int)images.shape[1];

    /// <summary>Side of a batch's images.</summary>
    public int ImageSize => images is null ? options.Crop : (int)images.shape[2];

    /// <summary>Number of batches of <paramref name="batchSize"/> images.</summary>
    public int BatchCount(int batchSize) => (Count + batchSize - 1) / Math.Max(1, batchSize);

    /// <summary>Whether <paramref name="path"/> holds an IDX pair of the split.</summary>
    public static bool IsIdx(string path, bool train) => Directory.Exists(path) && IdxData.HasSet(path, train);

    /// <summary>Opens the study's labelled images (evaluation transform).</summary>
    /// <exception cref="ArgumentException">Unknown format, or a folder without the expected files.</exception>
    public static LabelledImages Open(StudyClassifiers setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.DataFormat is not ("idx" or "folder"))
        {
            throw new ArgumentException($"classifier data format must be 'idx' or 'folder'; got '{setup.DataFormat}'.", nameof(setup));
        }

        return Open(setup.Data, new LabelledImagesOptions(false, setup.Limit, setup.Resize, setup.Crop), setup.DataFormat == "idx");
    }

    /// <summary>Opens <paramref name="path"/>: IDX when it holds the split's IDX pair, else a class folder.</summary>
    /// <exception cref="ArgumentException">Neither an IDX folder nor a folder of class subfolders.</exception>
    public static LabelledImages Open(string path, LabelledImagesOptions options) => Open(path, options, IsIdx(path, Guard(options).Train));

    private static LabelledImages Open(string path, LabelledImagesOptions options, bool idx)
    {
        Guard(options);
        if (idx)
        {
            var (grey, labels) = IdxData.Load(path, options.Train, options.Limit);
            var x = options.Rgb ? IdxData.ToRgb(grey, options.Crop) : grey;
            using var largest = labels.max();
            return new LabelledImages(options, x, labels, null, (int)x.shape[0], (int)largest.item<long>() + 1);
        }

        var dataset = new ClassFolderDataset(path);
        if (!options.Train && options.Crop > options.Resize)
        {
            throw new ArgumentException($"crop {options.Crop} must not exceed resize {options.Resize}.", nameof(options));
        }

        return new LabelledImages(options, null, null, dataset, options.Limit > 0 ? Math.Min(options.Limit, dataset.Count) : dataset.Count, dataset.Classes.Count);
    }

    /// <summary>
    /// Batches of <paramref name="batchSize"/> images (int64 labels), each passed through <paramref name="transform"/> when
    /// given (without gradient), in a fixed order or shuffled by <paramref name="shuffleSeed"/> (which also seeds the
    /// training crops); on <paramref name="device"/> when given. A batch is disposed when the next one is asked for.
    /// </summary>
    public IEnumerable<(Tensor Images, Tensor Labels)> Batches(int batchSize, Func<Tensor, Tensor>? transform = null, ulong? shuffleSeed = null, Device? device = null)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be >= 1.");
        }

        var order = Enumerable.Range(0, Count).ToArray();
        var random = new DataRandom(unchecked((long)(shuffleSeed ?? 0)));
        if (shuffleSeed is not null)
        {
            random.Shuffle(order);
        }

        for (int start = 0; start < Count; start += batchSize)
        {
            var chosen = order.Skip(start).Take(batchSize).ToArray();
            Tensor x, y;
            using (var scope = NewDisposeScope())
            {
                if (folder is not null)
                {
                    var files = chosen.Select(FolderIndex).ToArray();
                    x = stack(files.Select(i => options.Train ? folder.LoadForTrainingResizedCrop(i, options.Crop, random) : folder.LoadForEvaluation(i, options.Resize, options.Crop)).ToArray());
                    y = tensor(files.Select(i => (long)folder.Label(i)).ToArray());
                }
                else
                {
                    using var index = tensor(chosen.Select(i => (long)i).ToArray());
                    x = images!.index_select(0, index);
                    y = labels!.index_select(0, index);
                }

                if (device is not null)
                {
                    (x, y) = (x.to(device), y.to(device));
                }

                if (transform is not null)
                {
                    using var noGrad = no_grad();
                    x = transform(x);
                }

                (x, y) = (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
            }

            // No dispose scope stays open across the yield: the consumer's tensors would land in it.
            using (x)
            using (y)
            {
                yield return (x, y);
            }
        }
    }

    /// <summary>Batches of the study's batch size in a fixed order (Table 1, Figure 1).</summary>
    public IEnumerable<(Tensor Images, Tensor Labels)> Batches(StudyClassifiers setup, Func<Tensor, Tensor>? transform = null, Device? device = null) =>
        Batches((setup ?? throw new ArgumentNullException(nameof(setup))).BatchSize, transform, shuffleSeed: null, device);

    /// <summary>
    /// Image <paramref name="k"/> of the subset: spread evenly over the folder, whose images are sorted by class, so that
    /// a limit keeps every class rather than the first few.
    /// </summary>
    private int FolderIndex(int k) => (int)((long)k * folder!.Count / Count);

    private static LabelledImagesOptions Guard(LabelledImagesOptions options) => options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public void Dispose()
    {
        images?.Dispose();
        labels?.Dispose();
    }
}
