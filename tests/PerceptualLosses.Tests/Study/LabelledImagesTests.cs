using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using PerceptualLosses.Study.Classifiers;
using PerceptualLosses.Study.Pipeline;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Study;

public sealed class LabelledImagesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-labelled-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static StudyClassifiers Idx(int limit) =>
        StudyPresets.Demo(StudyPipelineTests.DataRoot()).Classifiers! with { Limit = limit, BatchSize = 10 };

    [Fact]
    public void IdxBatches_AreRgb32_InOrder_AndCoverTheLimit()
    {
        using var data = LabelledImages.Open(Idx(25));
        var batches = data.Batches(10).Select(b => (b.Images.shape, b.Labels.shape[0])).ToArray();
        Assert.Equal(25, data.Count);
        Assert.Equal(new long[] { 10, 10, 5 }, batches.Select(b => b.Item2).ToArray());
        Assert.All(batches, b => Assert.Equal(new long[] { 3, 32, 32 }, b.shape.Skip(1).ToArray()));
    }

    [Fact]
    public void FolderLimit_SpreadsOverTheClasses_InsteadOfTakingTheFirstOne()
    {
        string images = Path.Combine(StudyPipelineTests.DataRoot(), "images");
        foreach (var (label, split) in new[] { ("a", "train"), ("b", "test") })
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            foreach (string file in Directory.GetFiles(Path.Combine(images, split)).Take(3))
            {
                File.Copy(file, Path.Combine(root, label, Path.GetFileName(file)));
            }
        }

        var setup = Idx(0) with { Data = root, DataFormat = "folder", Limit = 2, Resize = 40, Crop = 32 };
        using var data = LabelledImages.Open(setup);
        var labels = data.Batches(10).SelectMany(b => b.Labels.data<long>().ToArray()).ToArray();
        Assert.Equal(new long[] { 0, 1 }, labels);
    }

    /// <summary>Figure 1's loop (transform each batch, classify) leaves no tensor behind, however many batches it runs.</summary>
    [Fact]
    public void TransformedBatches_ClassifiedTwice_LeaveNoTensorsBehind()
    {
        using var classifier = nn.Sequential(("flatten", nn.Flatten()), ("fc", nn.Linear(3 * 32 * 32, 10)));
        long Live(int limit)
        {
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            using (var data = LabelledImages.Open(Idx(limit)))
            {
                ClassificationError.Compute(classifier, data.Batches(Idx(limit), x => MatlabResize.Imresize(MatlabResize.Imresize(x, 0.25), 4).clamp(0, 1)));
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        }

        Live(20); // warm-up: cached resize weights
        Assert.Equal(0, Live(20));
        Assert.Equal(0, Live(200));
    }
}
