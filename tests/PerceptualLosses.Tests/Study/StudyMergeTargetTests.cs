using PerceptualLosses.Common;
using System;
using System.IO;
using PerceptualLosses.Study.Pipeline;
using Xunit;

namespace PerceptualLosses.Tests.Study;

public sealed class StudyMergeTargetTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-merge-target-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void CheckTarget_RefusesAFile_AndAMissingFolderWithoutSources_NamingTheSettings()
    {
        string file = Path.Combine(root, "x.txt");
        File.WriteAllText(file, "");
        var error = Assert.Throws<ArgumentException>(() => StudyMerge.CheckTarget(file, hasSources: true));
        Assert.StartsWith($"Output '{file}' is a file", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { StageStore.OutputSetting }, NamedSettings.Named(error));

        string missing = Path.Combine(root, "new");
        error = Assert.Throws<ArgumentException>(() => StudyMerge.CheckTarget(missing, hasSources: false));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { StageStore.OutputSetting, StudyMerge.SourcesSetting }, NamedSettings.Named(error));
    }

    [Fact]
    public void CheckTarget_AcceptsAnExistingFolder_AndANewFolderToMergeInto()
    {
        StudyMerge.CheckTarget(root, hasSources: false);
        StudyMerge.CheckTarget(Path.Combine(root, "new"), hasSources: true);
    }
}
