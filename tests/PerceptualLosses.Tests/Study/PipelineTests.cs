using PerceptualLosses.Common;
using System;
using System.IO;
using PerceptualLosses.Study.Pipeline;
using Xunit;

namespace PerceptualLosses.Tests.Study;

public sealed class PipelineTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-stage-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("3/4", 3, 4)]
    public void Shard_ParsesValidText(string text, int index, int count)
    {
        Assert.Equal(new Shard(index, count), Shard.Parse(text));
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("1/0")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("-1/3")]
    public void Shard_RejectsInvalidText(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => Shard.Parse(text));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_PartitionTheItems()
    {
        var shards = new[] { Shard.Parse("1/3"), Shard.Parse("2/3"), Shard.Parse("3/3") };
        for (int item = 0; item < 20; item++)
        {
            Assert.Single(shards, s => s.Owns(item));
        }
    }

    [Fact]
    public void StageStore_SkipsCompleteStagesAndRerunsInterruptedOnes()
    {
        var store = new StageStore(root, "{\"a\":1}", force: false);
        Assert.Throws<InvalidOperationException>(() => store.Run("train", dir =>
        {
            File.WriteAllText(Path.Combine(dir, "half.txt"), "partial");
            throw new InvalidOperationException("killed");
        }));
        Assert.False(store.IsComplete("train"));

        string? seen = null;
        Assert.True(store.Run("train", dir => seen = File.ReadAllText(Path.Combine(dir, "half.txt"))));
        Assert.Equal("partial", seen); // the working folder survives, so checkpointed work resumes
        Assert.True(store.IsComplete("train"));
        Assert.False(store.Run("train", _ => throw new InvalidOperationException("must not run again")));
    }

    [Fact]
    public void StageStore_RefusesAnotherConfigurationUnlessForced()
    {
        var first = new StageStore(root, "{\"a\":1}", force: false);
        first.Run("s", _ => { });

        var error = Assert.Throws<InvalidOperationException>(() => new StageStore(root, "{\"a\":2}", force: false));
        Assert.Contains("Use another Output folder, or Force to delete them.", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "Output", "Force" }, NamedSettings.Named(error));

        var forced = new StageStore(root, "{\"a\":2}", force: true);
        Assert.False(forced.IsComplete("s"));
    }
}
