using PerceptualLosses.Common;
using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Study.Pipeline;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Study;

/// <summary>
/// The study pipeline end to end on a reduced demo configuration (E and EP, 6 steps, 20 labelled images): an
/// interrupted run, rerun, ends with the tables of an uninterrupted one; shards merged likewise.
/// </summary>
[Collection(GlobalRandomTests.Name)]
public sealed class StudyPipelineTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-study-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    internal static string DataRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "data");
            if (Directory.Exists(Path.Combine(candidate, "images")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/data not found above the test binaries.");
    }

    /// <summary>
    /// The demo preset cut down to seconds: tiny models, a few steps, the two VGG-19s as judges of 20 images, loss
    /// networks Gatys-normalised over 3 training images.
    /// </summary>
    internal static StudyConfiguration Reduced()
    {
        var demo = StudyPresets.Demo(DataRoot());
        var classifiers = demo.Classifiers! with
        {
            Limit = 20,
            BatchSize = 10,
            Models = demo.Classifiers!.Models.Where(m => m.Architecture == "vgg19").Select(m => m with { Judge = true }).ToArray(),
        };
        return demo with
        {
            Losses = new[] { "E", "EP" }, Steps = 6, CheckpointEvery = 2, ValidateEvery = 6, Patch = 32, Batch = 2, Classifiers = classifiers,
            Normalization = new StudyNormalization(demo.TrainImages, MaxImages: 3),
        };
    }

    private string Out(string name) => Path.Combine(root, name);

    private static string Report(string output, string file) => File.ReadAllText(Path.Combine(output, StudyPlan.ReportStage, file));

    [Fact]
    public void InterruptedRun_Rerun_GivesTheTablesOfAnUninterruptedRun()
    {
        var configuration = Reduced();
        var (ran, missing) = new StudyPipeline(configuration, Out("a"), false, CPU, Shard.All, SilentProgress.Instance).Run();
        Assert.Empty(missing);
        Assert.Contains(StudyPlan.ReportStage, ran);

        // "Kill" the second run in the middle of training the (non-robust) EP model, after its checkpoint at step 2.
        var killer = new KillingProgress("train EP-seed0", afterReports: 3);
        var interrupted = new StudyPipeline(configuration, Out("b"), false, CPU, Shard.All, killer);
        Assert.Throws<OperationCanceledException>(() => interrupted.Run());
        string partial = Directory.GetDirectories(Path.Combine(Out("b"), "models")).Single(d => d.EndsWith(".partial", StringComparison.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(partial, "checkpoint")), "the interrupted training left its checkpoint");
        Assert.False(Directory.Exists(Path.Combine(Out("b"), StudyPlan.ReportStage)));

        var (resumed, stillMissing) = new StudyPipeline(configuration, Out("b"), false, CPU, Shard.All, SilentProgress.Instance).Run();
        Assert.Empty(stillMissing);
        Assert.DoesNotContain(StudyPlan.ClassifierStage(0), resumed); // finished before the kill: not redone
        foreach (string file in new[] { "table2.csv", "table2.md", "table1.csv", "figure1.csv", "evaluation.csv" })
        {
            Assert.Equal(Report(Out("a"), file), Report(Out("b"), file));
        }

        // A third run finds everything complete.
        var (again, _) = new StudyPipeline(configuration, Out("b"), false, CPU, Shard.All, SilentProgress.Instance).Run();
        Assert.Empty(again);

        foreach (string figure in new[] { "figure1.png", "figure2.png", "figure1-agreement.png" })
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(Out("b"), StudyPlan.ReportStage, figure));
            Assert.True(bitmap.Width > 200 && bitmap.Height > 100, $"{figure} is {bitmap.Width}x{bitmap.Height}");
            Assert.True(bitmap.Pixels.Distinct().Count() > 20, $"{figure} looks empty");
        }

        string table2 = Report(Out("b"), "table2.md");
        Assert.Contains("| bicubic | – |", table2, StringComparison.Ordinal);
        Assert.StartsWith("Loss,Robust,psnr,ssim,uqi,ifc,gmsd,psnr_ci_low,psnr_ci_high,", Report(Out("b"), "table2.csv"), StringComparison.Ordinal);
        Assert.StartsWith("loss,metric,robust_mean,", Report(Out("b"), "table2-differences.csv"), StringComparison.Ordinal);
        Assert.Contains("| EP | PSNR ↑ |", Report(Out("b"), "table2-differences.md"), StringComparison.Ordinal);
        Assert.StartsWith("judge_pair,models_compared,kendall_tau,p_value,sign_agreement\nVGG-19", Report(Out("b"), "judge-agreement.csv"), StringComparison.Ordinal);
        string report = Report(Out("b"), "report.md");
        Assert.Contains("percentile bootstrap interval", report, StringComparison.Ordinal);
        Assert.Contains("Wilson", report, StringComparison.Ordinal);
        Assert.Contains("Kendall τ-b", report, StringComparison.Ordinal);
        Assert.Contains("| EP | ✓ |", table2, StringComparison.Ordinal);
        foreach (bool robust in new[] { false, true })
        {
            string normalized = Path.Combine(Out("b"), StudyPlan.NormalizationStage(robust));
            Assert.True(File.Exists(Path.Combine(normalized, StudyPlan.NormalizedWeightsName)));
            Assert.Contains("\"images\": 3", File.ReadAllText(Path.Combine(normalized, "normalization.json")), StringComparison.Ordinal);
        }

        // Training read the normalised network: the same run on the raw files ends elsewhere.
        var raw = configuration with { Normalization = null, Losses = new[] { "EP" }, Classifiers = null, RobustVggWeights = null };
        new StudyPipeline(raw, Out("raw"), false, CPU, Shard.All, SilentProgress.Instance).Run();
        Assert.NotEqual(
            File.ReadAllBytes(Path.Combine(Out("b"), StudyPlan.TrainingStage(new StudyRun("EP-seed0", "EP", false, 0)), "enhancenet.pth")),
            File.ReadAllBytes(Path.Combine(Out("raw"), StudyPlan.TrainingStage(new StudyRun("EP-seed0", "EP", false, 0)), "enhancenet.pth")));

        // Shards 1/2 and 2/2 in separate folders, merged: the same tables again.
        var first = new StudyPipeline(configuration, Out("s1"), false, CPU, Shard.Parse("1/2"), SilentProgress.Instance).Run();
        var second = new StudyPipeline(configuration, Out("s2"), false, CPU, Shard.Parse("2/2"), SilentProgress.Instance).Run();
        Assert.NotEmpty(first.Missing);
        Assert.NotEmpty(second.Missing);
        string[] normalization = { StudyPlan.NormalizationStage(false), StudyPlan.NormalizationStage(true) };
        Assert.Equal(normalization, first.Ran.Intersect(second.Ran)); // each shard needs the loss networks; nothing else is done twice
        var copied = StudyMerge.Merge(Out("s1"), new[] { Out("s2") });
        Assert.Equal(second.Ran.Count - normalization.Length, copied.Count);
        var merged = new StudyPipeline(StudyMerge.ReadConfiguration(Out("s1")), Out("s1"), false, CPU, Shard.All, SilentProgress.Instance, validate: false);
        Assert.Empty(merged.ReportIfComplete());
        foreach (string file in new[] { "table2.csv", "table1.csv", "figure1.csv" })
        {
            Assert.Equal(Report(Out("a"), file), Report(Out("s1"), file));
        }
    }

    /// <summary>
    /// The paper preset's code paths at toy size: labelled images from a class folder (Resize + CenterCrop), classifiers
    /// from PyTorch-format files, LPIPS and R-LPIPS columns, two SR sets with per-set tables.
    /// </summary>
    [Fact]
    public void PaperStylePaths_ClassFolderPyTorchWeightsLpipsAndSeveralSets_ProduceEveryOutput()
    {
        string data = DataRoot();
        string classes = Path.Combine(root, "imagenet-val");
        foreach (var (label, images) in new[] { ("n01", "train"), ("n02", "test") })
        {
            Directory.CreateDirectory(Path.Combine(classes, label));
            foreach (string image in Directory.GetFiles(Path.Combine(data, "images", images)).Take(3))
            {
                File.Copy(image, Path.Combine(classes, label, Path.GetFileName(image)));
            }
        }

        string second = Path.Combine(root, "second-set");
        Directory.CreateDirectory(second);
        File.Copy(Path.Combine(data, "images", "test", "coffee.png"), Path.Combine(second, "coffee.png"));

        var weights = new[] { false, true }.Select(robust =>
        {
            string file = Path.Combine(root, robust ? "vgg_robust.pth" : "vgg.pth");
            manual_seed(robust ? 2 : 1);
            using var model = PerceptualLosses.Models.ArchitectureRegistry.Create("vgg19", 3, 32, 2, 0.0625);
            PerceptualLosses.Models.ModelWeights.Save(model, file);
            return new StudyClassifier("VGG-19 (toy)", "vgg19", 0.0625, 2, robust, file, Judge: true);
        }).ToArray();
        string lpips = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips");
        var configuration = Reduced() with
        {
            Preset = "paper",
            Losses = new[] { "E" },
            Datasets = new[] { new StudyDataset("Embedded", Path.Combine(data, "images", "test")), new StudyDataset("Second", second) },
            Lpips = new StudyLpips(Path.Combine(lpips, "vgg16_w8.pth"), Path.Combine(lpips, "lin_w8.pth"), Path.Combine(lpips, "lin_w8.pth")),
            Classifiers = new StudyClassifiers(classes, "folder", Limit: 4, Resize: 40, Crop: 32, weights, 0.5, 0.02, BatchSize: 3),
        };
        Assert.Empty(new StudyPlan(configuration).Validate());

        var (_, missing) = new StudyPipeline(configuration, Out("p"), false, CPU, Shard.All, SilentProgress.Instance).Run();

        Assert.Empty(missing);
        string table2 = Report(Out("p"), "table2.md");
        Assert.Contains("LPIPS ↓", table2, StringComparison.Ordinal);
        Assert.Contains("R-LPIPS ↓", table2, StringComparison.Ordinal);
        Assert.Contains("| Loss | Robust |", Report(Out("p"), "table2-Second.md"), StringComparison.Ordinal);
        var evaluation = File.ReadAllLines(Path.Combine(Out("p"), StudyPlan.ReportStage, "evaluation.csv"));
        Assert.Equal(2 * 4, evaluation.Length - 1); // (bicubic, E) × (3 + 1 images)
        var accuracy = System.Text.Json.JsonSerializer.Deserialize<ClassifierAccuracy>(File.ReadAllText(Path.Combine(Out("p"), StudyPlan.ClassifierStage(1), "accuracy.json")))!;
        Assert.Equal(4, accuracy.Report.Examples);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(Out("p"), StudyPlan.JudgeStage(new StudyRun("E-seed0", "E", null, 0)), "errors.csv")).Skip(1).Sum(l => int.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)) / 2);
        Assert.True(File.Exists(Path.Combine(Out("p"), StudyPlan.ReportStage, "figure1.png")));
    }

    [Fact]
    public void Pipeline_RefusesAnotherConfigurationInTheSameFolder_UnlessForced()
    {
        var configuration = Reduced() with { Classifiers = null, Losses = new[] { "E" }, Steps = 2 };
        new StudyPipeline(configuration, Out("c"), false, CPU, Shard.All, SilentProgress.Instance).Run();
        var other = configuration with { Steps = 3 };
        var error = Assert.Throws<InvalidOperationException>(() => new StudyPipeline(other, Out("c"), false, CPU, Shard.All, SilentProgress.Instance));
        Assert.Contains("Use another Output folder, or Force to delete them.", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "Output", "Force" }, NamedSettings.Named(error));
        var (ran, _) = new StudyPipeline(other, Out("c"), true, CPU, Shard.All, SilentProgress.Instance).Run();
        Assert.Contains(StudyPlan.TrainingStage(new StudyRun("E-seed0", "E", null, 0)), ran);
    }

    [Fact]
    public void Merge_RefusesShardsOfAnotherConfiguration()
    {
        var configuration = Reduced() with { Classifiers = null, Losses = new[] { "E" }, Steps = 2 };
        new StudyPipeline(configuration, Out("m1"), false, CPU, Shard.Parse("1/2"), SilentProgress.Instance).Run();
        new StudyPipeline(configuration with { Steps = 3 }, Out("m2"), false, CPU, Shard.Parse("2/2"), SilentProgress.Instance).Run();
        var error = Assert.Throws<InvalidOperationException>(() => StudyMerge.Merge(Out("m1"), new[] { Out("m2") }));
        Assert.Contains(Out("m2"), error.Message, StringComparison.Ordinal);
    }

    /// <summary>Throws (as a kill would stop the process) after a number of progress reports of one piece of work.</summary>
    private sealed class KillingProgress : IStudyProgress
    {
        private readonly string title;
        private readonly int afterReports;

        public KillingProgress(string title, int afterReports) => (this.title, this.afterReports) = (title, afterReports);

        public void Run(string title, double total, Action<Action<double, string>> work)
        {
            int reports = 0;
            work((_, _) =>
            {
                if (title == this.title && ++reports >= afterReports)
                {
                    throw new OperationCanceledException("killed");
                }
            });
        }
    }
}
