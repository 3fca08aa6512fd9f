using System;
using System.Collections.Generic;
using System.IO;
using PerceptualLosses.Attacks;
using PerceptualLosses.Common;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Runs;
using Xunit;

namespace PerceptualLosses.Tests.Common;

/// <summary><see cref="UserErrors"/>: one classification of user errors, and file errors that name the setting that named the file.</summary>
public sealed class UserErrorsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-user-errors-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void IsUserError_CountsWhatAUserGave_NotNullsOrBugs()
    {
        Assert.True(UserErrors.IsUserError(new ArgumentException("x")));
        Assert.True(UserErrors.IsUserError(new InvalidDataException("x")));
        Assert.False(UserErrors.IsUserError(new ArgumentNullException("x")));
        Assert.False(UserErrors.IsUserError(new KeyNotFoundException("x")));
        Assert.False(UserErrors.IsUserError(new ObjectDisposedException("x")));
    }

    [Fact]
    public void Read_AMissingOrCorruptFile_NamesTheSetting_AndKeepsTheKindOfError()
    {
        string missing = Path.Combine(root, "missing.pth"), corrupt = Path.Combine(root, "corrupt.pth");
        File.WriteAllText(corrupt, "not a weights file");

        var gone = Assert.Throws<FileNotFoundException>(() => UserErrors.Read("Model", missing, p => ModelStore.EnhanceNet(p)));
        Assert.StartsWith("Model: ", gone.Message, StringComparison.Ordinal);
        Assert.Contains(missing, gone.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "Model" }, NamedSettings.Named(gone));

        var unreadable = Assert.ThrowsAny<Exception>(() => UserErrors.Read("Weights", corrupt, p => ModelStore.Vgg(p)));
        Assert.True(UserErrors.IsUserError(unreadable));
        Assert.StartsWith("Weights", unreadable.Message, StringComparison.Ordinal);
        Assert.Contains("Weights", NamedSettings.Named(unreadable));
    }

    [Fact]
    public void Read_LeavesBugsAndErrorsThatNameTheSettingAlone()
    {
        var bug = new KeyNotFoundException("boom");
        Assert.Same(bug, Assert.Throws<KeyNotFoundException>(() => UserErrors.Read<int>("Model", "x", _ => throw bug)));
        var named = new ArgumentException("Model must be positive.", "Model");
        Assert.Same(named, Assert.Throws<ArgumentException>(() => UserErrors.Read<int>("Model", "x", _ => throw named)));
    }

    [Theory]
    [InlineData("Limit")]
    [InlineData("BatchSize")]
    [InlineData("Arch")]
    public void RobustnessRun_Validate_NamesTheProperty(string property)
    {
        var run = new RobustnessRun("model.bin", null, "data", Resize: 256, Limit: 10, RobustnessEvaluationOptions.Paper, BatchSize: 10);
        run = property switch
        {
            "Limit" => run with { Limit = -1 },
            "BatchSize" => run with { BatchSize = 0 },
            _ => run with { Architecture = new ClassifierArchitecture("alexnet", 3, 32, 10) },
        };

        var error = Assert.ThrowsAny<ArgumentException>(run.Validate);
        Assert.Equal(property, error.ParamName);
    }
}
