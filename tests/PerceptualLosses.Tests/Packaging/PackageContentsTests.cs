using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace PerceptualLosses.Tests.Packaging;

/// <summary>
/// Packs both packages from the build the tests run on (<c>dotnet pack --no-build</c>, a few seconds) and checks what a
/// package user gets: own README with install line and absolute links, icon, release notes, true dependencies, the
/// buildTransitive native-loading step, a symbols package whose PDB carries SourceLink to the declared repository.
/// </summary>
public sealed class PackageContentsTests : IClassFixture<PackageContentsTests.PackedFeed>
{
    private const string RepositoryUrl = "https://github.com/perceptual-losses/PerceptualLosses";
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    private readonly PackedFeed feed;

    public PackageContentsTests(PackedFeed feed) => this.feed = feed;

    public static TheoryData<string> Packages => new() { "PerceptualLosses", "PerceptualLosses.Metrics" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Package_HasItsOwnReadme_IconReleaseNotesAndRepository(string id)
    {
        using var package = ZipFile.OpenRead(feed.Package(id, symbols: false));
        XNamespace ns = Nuspec(package, id).Root!.Name.Namespace;
        var metadata = Nuspec(package, id).Root!.Element(ns + "metadata")!;

        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        string readme = Text(package, "README.md");
        Assert.StartsWith($"# {id}\n", readme.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"dotnet add package {id}", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet run --project", readme, StringComparison.Ordinal);
        var links = Regex.Matches(readme, @"\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToArray();
        Assert.All(links, link => Assert.StartsWith("https://", link, StringComparison.Ordinal));

        Assert.Equal("icon.png", metadata.Element(ns + "icon")?.Value);
        byte[] icon = Bytes(package, "icon.png");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, icon.Take(4).ToArray());

        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "releaseNotes")?.Value));
        var repository = metadata.Element(ns + "repository")!;
        Assert.Equal(RepositoryUrl, repository.Attribute("url")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);
    }

    [Theory]
    [InlineData("PerceptualLosses", "SixLabors.ImageSharp,TorchSharp,TorchSharp.PyBridge")]
    [InlineData("PerceptualLosses.Metrics", "PerceptualLosses,TorchSharp")]
    public void Package_DependsOnExactlyWhatItsReadmeSays_AndNoBackend(string id, string expected)
    {
        using var package = ZipFile.OpenRead(feed.Package(id, symbols: false));
        var nuspec = Nuspec(package, id);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var dependencies = nuspec.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).OrderBy(d => d, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Split(','), dependencies);
        string readme = Text(package, "README.md");
        Assert.All(dependencies, d => Assert.Contains($"{d}", readme, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Package_CarriesTheNativeLoadingBuildStep(string id)
    {
        using var package = ZipFile.OpenRead(feed.Package(id, symbols: false));
        string entry = Text(package, $"buildTransitive/{id}.targets");
        Assert.Contains("PerceptualLosses.NativeLoading.targets", entry, StringComparison.Ordinal);
        string targets = Text(package, "buildTransitive/PerceptualLosses.NativeLoading.targets");
        Assert.Contains("GLIBCXX_3.4.32", targets, StringComparison.Ordinal);
        Assert.Contains("RoslynCodeTaskFactory", targets, StringComparison.Ordinal);
        Assert.Contains("class PerceptualLossesWeakenElfVersions", Text(package, "buildTransitive/PerceptualLossesWeakenElfVersions.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void SymbolsPackage_HasThePdb_WithSourceLinkToTheRepository(string id)
    {
        using var symbols = ZipFile.OpenRead(feed.Package(id, symbols: true));
        byte[] pdb = Bytes(symbols, $"lib/net8.0/{id}.pdb");
        using var provider = MetadataReaderProvider.FromPortablePdbImage(System.Collections.Immutable.ImmutableArray.Create(pdb));
        var reader = provider.GetMetadataReader();
        string? sourceLink = null;
        foreach (var handle in reader.CustomDebugInformation)
        {
            var info = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(info.Kind) == SourceLinkKind)
            {
                sourceLink = Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value));
            }
        }

        Assert.NotNull(sourceLink);
        Assert.Contains("https://raw.githubusercontent.com/perceptual-losses/PerceptualLosses/", sourceLink, StringComparison.Ordinal);
    }

    private static XDocument Nuspec(ZipArchive package, string id) => XDocument.Parse(Text(package, $"{id}.nuspec"));

    private static string Text(ZipArchive package, string name) => Encoding.UTF8.GetString(Bytes(package, name)).TrimStart('\uFEFF');

    private static byte[] Bytes(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in the package; it has {string.Join(", ", package.Entries.Select(e => e.FullName))}.");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Runs <c>dotnet pack --no-build</c> once for the class, into a temporary folder.</summary>
    public sealed class PackedFeed : IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("pl-pack-").FullName;
        private readonly string version = "0.0.0-packtest";

        public PackedFeed()
        {
            string root = RepositoryRoot();
            string configuration = typeof(PackedFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            var start = new ProcessStartInfo(dotnet)
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "pack", "PerceptualLosses.sln", "--no-build", "-c", configuration, "-o", folder, $"-p:PackageVersion={version}", "-nologo" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet pack did not finish within 5 minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
            }
        }

        public string Package(string id, bool symbols)
        {
            string path = Path.Combine(folder, $"{id}.{version}.{(symbols ? "snupkg" : "nupkg")}");
            return File.Exists(path) ? path : throw new FileNotFoundException($"dotnet pack did not write {path}.", path);
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PerceptualLosses.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("PerceptualLosses.sln not found above the test binaries.");
        }
    }
}
