using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Data;
using PerceptualLosses.Reproduction.Pipeline;
using static TorchSharp.torch;

namespace PerceptualLosses.Reproduction.Classifiers;

/// <summary>
/// The labelled images of Table 1 and Figure 1, in a fixed order: an IDX test set (held in memory, grey replicated to
/// RGB and padded) or an ImageNet-style class folder (read batch by batch with the evaluation transform).
/// </summary>
public sealed class LabelledImages : IDisposable
{
    private readonly Tensor? images;
    private readonly Tensor? labels;
    private readonly ClassFolderDataset? folder;
    private readonly StudyClassifiers setup;

    private LabelledImages(StudyClassifiers setup, Tensor? images, Tensor? labels, ClassFolderDataset? folder, int count)
    {
        this.setup = setup;
        this.images = images;
        this.labels = labels;
        this.folder = folder;
        Count = count;
    }

    /// <summary>Number of images used.</summary>
    public int Count { get; }

    /// <summary>Opens the data named by <paramref name="setup"/>.</summary>
    /// <exception cref="ArgumentException">Unknown format, or a folder without the expected files.</exception>
    public static LabelledImages Open(StudyClassifiers setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        switch (setup.DataFormat)
        {
            case "idx":
                var (grey, labels) = IdxData.Load(setup.Data, train: false, setup.Limit);
                var rgb = IdxData.ToRgb(grey, setup.Crop);
                return new LabelledImages(setup, rgb, labels, null, (int)rgb.shape[0]);
            case "folder":
                var dataset = new ClassFolderDataset(setup.Data);
                return new LabelledImages(setup, null, null, dataset, setup.Limit > 0 ? Math.Min(setup.Limit, dataset.Count) : dataset.Count);
            default:
                throw new ArgumentException($"classifier data format must be 'idx' or 'folder'; got '{setup.DataFormat}'.", nameof(setup));
        }
    }

    /// <summary>
    /// Batches of <see cref="StudyClassifiers.BatchSize"/> images, each passed through <paramref name="transform"/> when given
    /// (without gradient); a batch is disposed when the next one is asked for.
    /// </summary>
    public IEnumerable<(Tensor Images, Tensor Labels)> Batches(Func<Tensor, Tensor>? transform = null)
    {
        int batch = setup.BatchSize;
        for (int start = 0; start < Count; start += batch)
        {
            int n = Math.Min(batch, Count - start);
            Tensor x, y;
            if (folder is not null)
            {
                using var scope = NewDisposeScope();
                var chosen = Enumerable.Range(start, n).Select(FolderIndex).ToArray();
                x = stack(chosen.Select(i => folder.LoadForEvaluation(i, setup.Resize, setup.Crop)).ToArray()).MoveToOuterDisposeScope();
                y = tensor(chosen.Select(i => (long)folder.Label(i)).ToArray()).MoveToOuterDisposeScope();
            }
            else
            {
                x = images!.narrow(0, start, n);
                y = labels!.narrow(0, start, n);
            }

            if (transform is not null)
            {
                Tensor transformed;
                using (var scope = NewDisposeScope())
                using (no_grad())
                {
                    transformed = transform(x).MoveToOuterDisposeScope();
                }

                x.Dispose();
                x = transformed;
            }

            using (x)
            using (y)
            {
                yield return (x, y);
            }
        }
    }

    /// <summary>
    /// Image <paramref name="k"/> of the subset: spread evenly over the folder, whose images are sorted by class, so that
    /// a limit keeps every class rather than the first few.
    /// </summary>
    private int FolderIndex(int k) => (int)((long)k * folder!.Count / Count);

    /// <inheritdoc />
    public void Dispose()
    {
        images?.Dispose();
        labels?.Dispose();
    }
}
