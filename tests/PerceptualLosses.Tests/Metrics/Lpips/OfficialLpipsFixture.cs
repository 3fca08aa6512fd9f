using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>
/// The official LPIPS v0.1 fixtures (Fixtures/Lpips/official, made by tools/fixtures/lpips_official_reference.py with the
/// lpips package itself) and, per net, a trunk file whose weights are the script's closed-form recipe, recomputed here and
/// written once to a temporary safetensors file in the torchvision layout.
/// </summary>
public sealed class OfficialLpipsFixture : IDisposable
{
    /// <summary>The fixture folder.</summary>
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips", "official");

    private readonly string temporary = Directory.CreateTempSubdirectory("pl-lpips-official-").FullName;
    private readonly Dictionary<string, string> trunks = new(StringComparer.Ordinal);

    /// <summary>Reads reference.json.</summary>
    public OfficialLpipsFixture()
    {
        Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json"))).RootElement;
    }

    /// <summary>reference.json.</summary>
    public JsonElement Reference { get; }

    /// <summary>The reference entry of one net (alex, vgg, squeeze).</summary>
    public JsonElement Net(string net) => Reference.GetProperty("nets").GetProperty(net);

    /// <summary>The official lin file of a net.</summary>
    public static string Lin(string net) => Path.Combine(Folder, net + ".pth");

    /// <summary>An example image as <c>[1,3,H,W]</c> in [0,1].</summary>
    public static Tensor Image(string name) => PerceptualLosses.Imaging.ImageIO.Load(Path.Combine(Folder, name)).unsqueeze(0);

    /// <summary>The closed-form trunk of a net, as a torchvision-layout safetensors file (made on first use).</summary>
    public string Trunk(string net)
    {
        lock (trunks)
        {
            if (!trunks.TryGetValue(net, out var path))
            {
                path = Path.Combine(temporary, net + "-trunk.safetensors");
                using var scope = NewDisposeScope();
                var weights = Net(net).GetProperty("trunk").EnumerateArray().ToDictionary(
                    t => t.GetProperty("key").GetString()!,
                    t => ClosedForm(t.GetProperty("seed").GetInt32(), t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(), t.GetProperty("bound").GetDouble()),
                    StringComparer.Ordinal);
                ModelWeights.SaveStateDict(weights, path);
                trunks[net] = path;
            }

            return path;
        }
    }

    /// <summary>
    /// The script's recipe: element i of tensor <paramref name="seed"/> is float32(bound · (2u − 1)) with
    /// u = (splitmix64((seed &lt;&lt; 32) | i) &gt;&gt; 40) / 2²⁴, in float64 before the rounding.
    /// </summary>
    public static Tensor ClosedForm(int seed, long[] shape, double bound)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[n];
        for (long i = 0; i < n; i++)
        {
            ulong h = SplitMix64(((ulong)seed << 32) | (ulong)i);
            double u = (h >> 40) / 16777216.0;
            values[i] = (float)(bound * ((2.0 * u) - 1.0));
        }

        return tensor(values).reshape(shape);
    }

    /// <summary>LpipsNet of a reference name.</summary>
    public static LpipsNet Parse(string net) => net switch
    {
        "alex" => LpipsNet.Alex,
        "vgg" => LpipsNet.Vgg,
        _ => LpipsNet.Squeeze,
    };

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(temporary, recursive: true);

    private static ulong SplitMix64(ulong x)
    {
        unchecked
        {
            ulong z = x + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
