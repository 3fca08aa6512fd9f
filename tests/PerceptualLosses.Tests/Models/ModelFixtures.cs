using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

/// <summary>Reads the fixtures written by tools/fixtures/models_reference.py.</summary>
internal static class ModelFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Models", name);

    public static JsonElement Json(string name) => JsonDocument.Parse(File.ReadAllText(PathOf(name))).RootElement;

    public static long[] Shape(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    public static Tensor Bin(string name, long[] shape)
    {
        var bytes = File.ReadAllBytes(PathOf(name));
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return tensor(values).reshape(shape);
    }

    /// <summary>Key and shape listing of a full-size torchvision state dict.</summary>
    public static List<(string Key, long[] Shape)> KeyListing(string name) =>
        Json(name).EnumerateArray().Select(e => (e[0].GetString()!, Shape(e[1]))).ToList();

    /// <summary>
    /// Compares a tensor with a summary (sum, abs-sum, sampled values) from the fixture.
    /// Tolerance: 1e-4 relative to the tensor's scale (abs-sum for sums, max |x| for samples): float32 convolutions
    /// in a different order (libtorch 2.10 vs PyTorch 1.13) differ by ~1e-6 relative, far below this.
    /// </summary>
    public static void AssertMatchesSummary(string label, Tensor actual, JsonElement summary, double relativeTolerance = 1e-4)
    {
        var t = actual.detach().cpu().to_type(ScalarType.Float64);
        Xunit.Assert.Equal(Shape(summary.GetProperty("shape")), t.shape);
        double absSum = summary.GetProperty("abs_sum").GetDouble();
        double maxAbs = summary.GetProperty("max_abs").GetDouble();
        double sum = t.sum().item<double>();
        Xunit.Assert.True(Math.Abs(sum - summary.GetProperty("sum").GetDouble()) <= relativeTolerance * Math.Max(absSum, 1e-12), $"{label}: sum {sum} vs {summary.GetProperty("sum").GetDouble()}");
        double actualAbsSum = t.abs().sum().item<double>();
        Xunit.Assert.True(Math.Abs(actualAbsSum - absSum) <= relativeTolerance * Math.Max(absSum, 1e-12), $"{label}: abs sum {actualAbsSum} vs {absSum}");
        var flat = t.flatten();
        var indices = summary.GetProperty("sample_index").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var expected = summary.GetProperty("sample_value").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < indices.Length; i++)
        {
            double value = flat[indices[i]].item<double>();
            Xunit.Assert.True(Math.Abs(value - expected[i]) <= relativeTolerance * Math.Max(maxAbs, 1e-12), $"{label}[{indices[i]}]: {value} vs {expected[i]}");
        }
    }

    /// <summary>
    /// Compares every element of every tap with PyTorch's (<c>{tag}_taps.bin</c> from tools/fixtures/models_full_taps.py):
    /// max |ours − PyTorch| ≤ 1e-4 · max |PyTorch| per tap (float32 convolutions summed in another order differ by ~1e-6).
    /// </summary>
    public static void AssertEveryElementMatches(string tag, System.Collections.Generic.IReadOnlyDictionary<string, Tensor> taps, JsonElement doc, double relativeTolerance = 1e-4)
    {
        var bytes = File.ReadAllBytes(PathOf($"{tag}_taps.bin"));
        var all = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, all, 0, bytes.Length);
        long offset = 0;
        foreach (var tap in doc.GetProperty("taps").EnumerateObject())
        {
            var shape = Shape(tap.Value.GetProperty("shape"));
            long count = shape.Aggregate(1L, (a, b) => a * b);
            using var expected = tensor(all.AsSpan((int)offset, (int)count).ToArray()).reshape(shape);
            offset += count;
            var actual = taps[tap.Name].detach().cpu();
            Xunit.Assert.Equal(shape, actual.shape);
            double scale = expected.abs().max().item<float>();
            double error = (actual - expected).abs().max().item<float>();
            Xunit.Assert.True(error <= relativeTolerance * Math.Max(scale, 1e-12), $"{tag} {tap.Name}: max error {error} vs max |x| {scale}");
        }

        Xunit.Assert.Equal(all.Length, offset);
    }

    /// <summary>Seeded non-trivial values for every float tensor (non-zero biases, positive BN statistics) so outputs are O(1).</summary>
    public static void Randomize(nn.Module module, int seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        foreach (var (_, value) in module.state_dict())
        {
            if (!value.is_floating_point())
            {
                continue;
            }

            if (value.dim() >= 2)
            {
                double fanIn = value.numel() / value.shape[0];
                value.copy_(randn(value.shape, generator: generator) * Math.Sqrt(2.0 / fanIn));
            }
            else
            {
                value.copy_(rand(value.shape, generator: generator) * 0.5 + 0.5);
            }
        }
    }

    public static double MaxRelativeError(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var a = actual.detach().cpu().to_type(ScalarType.Float64);
        var e = expected.detach().cpu().to_type(ScalarType.Float64);
        return (a - e).abs().max().item<double>() / Math.Max(e.abs().max().item<double>(), 1e-12);
    }
}
