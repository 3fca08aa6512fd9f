using System;
using System.IO;
using PerceptualLosses.Losses;
using PerceptualLosses.Study.Runs;
using Xunit;

namespace PerceptualLosses.Tests.Study;

/// <summary>The loss network a loss spec needs: none without P or T terms, else the weights given, whose absence names <c>VggWeights</c>.</summary>
public sealed class LossNetworkSourceTests
{
    [Fact]
    public void For_ALossWithoutPOrT_NeedsNoNetwork_AndReadsNoWeights()
    {
        Assert.Null(LossNetworkSource.For(LossSpec.Parse("E"), null, robustnessCheckpoint: false));
        Assert.Null(LossNetworkSource.For(LossSpec.Parse("E"), "unread.pth", robustnessCheckpoint: true));
    }

    [Fact]
    public void For_APOrTTerm_TakesTheWeightsGiven()
    {
        Assert.Equal(new LossNetworkSource("vgg19.pth", true), LossNetworkSource.For(LossSpec.Parse("EPT"), "vgg19.pth", robustnessCheckpoint: true));
    }

    [Theory]
    [InlineData("EP")]
    [InlineData("ET")]
    public void For_APOrTTermWithoutWeights_NamesVggWeights(string spec)
    {
        var loss = LossSpec.Parse(spec);
        var error = Assert.Throws<ArgumentException>(() => LossNetworkSource.For(loss, null, robustnessCheckpoint: false));
        Assert.Equal(nameof(SuperResolutionRun.VggWeights), error.ParamName);
        Assert.StartsWith($"VggWeights is required: '{loss}' has P or T terms.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SuperResolutionRunSpec_APTermWithoutWeights_IsTheSameError()
    {
        var run = new SuperResolutionRun("train", "val", "EP", null, false, "enhancenet", 1, "tiny", 4, 32, 2, 1e-4, 5, 5, 1);
        var error = Assert.Throws<ArgumentException>(() => SuperResolutionRunSpec.Parse(run));
        Assert.Equal(nameof(SuperResolutionRun.VggWeights), error.ParamName);
    }

    [Fact]
    public void Load_AMissingFile_NamesIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pl-no-such-vgg-{Guid.NewGuid():N}.pth");
        var error = Assert.Throws<FileNotFoundException>(() => new LossNetworkSource(path, false).Load());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
