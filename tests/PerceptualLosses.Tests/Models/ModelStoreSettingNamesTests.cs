using System;
using System.IO;
using PerceptualLosses.Common;
using PerceptualLosses.Models;
using Xunit;

namespace PerceptualLosses.Tests.Models;

/// <summary>The model store's messages say which settings to give, by the library's names for them (<see cref="NamedSettings"/>).</summary>
public sealed class ModelStoreSettingNamesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-store-names-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Classifier_WithoutItsSidecar_SaysToGiveTheArchitecture_NamingArchAndNumClasses()
    {
        string weights = Path.Combine(root, "model.bin");
        File.WriteAllText(weights, "weights");

        var missing = Assert.Throws<FileNotFoundException>(() => ModelStore.Classifier(weights));

        Assert.Equal(ClassifierArchitecture.SidecarOf(weights), missing.FileName);
        Assert.Contains($"'{weights}'", missing.Message, StringComparison.Ordinal);
        Assert.Contains($"'{ClassifierArchitecture.SidecarOf(weights)}'", missing.Message, StringComparison.Ordinal);
        Assert.EndsWith("given instead: Arch (and NumClasses).", missing.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { nameof(ClassifierArchitecture.Arch), nameof(ClassifierArchitecture.NumClasses) }, NamedSettings.Named(missing));
        Assert.EndsWith("given instead: --arch (and --num-classes).", NamedSettings.Describe(missing, s => s == "Arch" ? "--arch" : s == "NumClasses" ? "--num-classes" : null), StringComparison.Ordinal);
    }
}
