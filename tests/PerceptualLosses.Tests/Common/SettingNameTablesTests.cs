using System;
using System.Linq;
using PerceptualLosses.Common;
using PerceptualLosses.Imaging;
using PerceptualLosses.Models;
using PerceptualLosses.Runtime;
using PerceptualLosses.Study.Cluster;
using PerceptualLosses.Study.Runs;
using PerceptualLosses.Training;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Common;

/// <summary>
/// The name tables of the enum settings the CLI used to map itself (<c>--layout</c>, <c>--emit</c>, <c>--robust-vgg-format</c>,
/// <c>--tf32</c>, <c>resize --method</c>, <c>--schedule</c>): the names it accepts, read back to the same values, and an
/// unknown name an <see cref="ArgumentException"/> whose parameter is the setting.
/// </summary>
public sealed class SettingNameTablesTests
{
    private static void AssertTable<T>(EnumNames<T> table, string setting, params string[] names)
        where T : struct, Enum
    {
        Assert.Equal(setting, table.Setting);
        Assert.Equal(names, table.Names);
        foreach (T value in Enum.GetValues<T>())
        {
            Assert.Equal(value, table.Parse(table.Name(value)));
        }

        var error = Assert.Throws<ArgumentException>(() => table.Parse("no-such-name"));
        Assert.Equal(setting, error.ParamName);
        Assert.Contains(string.Join(", ", names), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShardLayout_IsSharedOrPerShard() =>
        AssertTable(ClusterNames.Layout, nameof(ClusterJobOptions.Layout), "shared", "per-shard");

    [Fact]
    public void ClusterEngine_IsSlurmOrKubernetes_K8sInAnyCaseToo()
    {
        AssertTable(ClusterNames.Engine, "Engine", "slurm", "kubernetes");
        Assert.Equal(ClusterEngine.Kubernetes, ClusterNames.ParseEngine("k8s"));
        Assert.Equal(ClusterEngine.Kubernetes, ClusterNames.ParseEngine("K8S"));
        Assert.Equal(ClusterEngine.Slurm, ClusterNames.ParseEngine("Slurm"));
        var error = Assert.Throws<ArgumentException>(() => ClusterNames.ParseEngine("pbs"));
        Assert.Equal("Engine", error.ParamName);
        Assert.StartsWith("Engine 'pbs' must be slurm or k8s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gres_None_RequestsNoResources()
    {
        Assert.Null(ClusterJobOptions.ReadGres(ClusterJobOptions.NoGres));
        Assert.Null(ClusterJobOptions.ReadGres(""));
        Assert.Null(ClusterJobOptions.ReadGres(null));
        Assert.Equal("gpu:a100:2", ClusterJobOptions.ReadGres("gpu:a100:2"));
    }

    [Fact]
    public void RobustVggFormat_IsRobustnessOrStateDict_NamedAsTheConfigurationKey() =>
        AssertTable(SettingNames.RobustVggFormat, "RobustVggIsRobustnessCheckpoint", "robustness", "state-dict");

    [Fact]
    public void Tf32_IsDefaultOnOrOff()
    {
        AssertTable(Tf32.Modes, "Tf32", "default", "on", "off");
        bool matmul = Tf32.MatmulAllowed, cudnn = Tf32.CudnnAllowed;
        Tf32.Apply(Tf32Mode.Default); // leaves libtorch's switches as they are
        Assert.Equal((matmul, cudnn), (Tf32.MatmulAllowed, Tf32.CudnnAllowed));
    }

    [Fact]
    public void ResizeAlgorithm_KeepsTheNamesOfResizeMethod() =>
        AssertTable(ImageResize.Algorithms, "algorithm", "matlab-bicubic", "torch-bicubic", "torch-bilinear", "nearest");

    [Fact]
    public void ImageResize_Apply_IsTheResizerNamed()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var image = rand(new long[] { 3, 12, 16 }, generator: generator);
        Assert.True(ImageResize.Apply(image, 0.5, ResizeAlgorithm.MatlabBicubic).allclose(MatlabResize.Imresize(image, 0.5), rtol: 0, atol: 0));
        Assert.True(ImageResize.Apply(image, 0.5, ResizeAlgorithm.TorchBicubic).allclose(TorchResize.Interpolate(image, 0.5, ResizeMethod.Bicubic, antialias: true), rtol: 0, atol: 0));
        Assert.True(ImageResize.Apply(image, 2, ResizeAlgorithm.TorchBilinear).allclose(TorchResize.Interpolate(image, 2, ResizeMethod.Bilinear), rtol: 0, atol: 0));
        Assert.True(ImageResize.Apply(image, 2, ResizeAlgorithm.Nearest).allclose(TorchResize.Interpolate(image, 2, ResizeMethod.Nearest), rtol: 0, atol: 0));
    }

    [Fact]
    public void LearningRateSchedule_IsTheLowerCaseEnumName()
    {
        AssertTable(TrainingSettingNames.Schedule, nameof(ClassifierTrainingOptions.Schedule), "constant", "step", "cosine");
        Assert.Equal(Enum.GetNames<LearningRateSchedule>().Select(n => n.ToLowerInvariant()), TrainingSettingNames.Schedule.Names);
    }

    [Fact]
    public void WeightFormat_ShortNames_AreTheWeightsReportsFormats() =>
        AssertTable(WeightFormatNames.Report, "Format", "auto", "zip", "safetensors", "torchsharp", "legacy");
}
