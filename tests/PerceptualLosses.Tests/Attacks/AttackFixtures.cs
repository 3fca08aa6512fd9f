using Xunit;
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Attacks;

/// <summary>Loads Fixtures/Attacks (written by tools/fixtures/attacks_reference.py).</summary>
internal static class AttackFixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Attacks");

    public static JsonDocument Cases() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "cases.json")));

    public static Tensor Float64(string name, params long[] shape)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name));
        var values = new double[bytes.Length / sizeof(double)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        Assert.Equal(shape.Aggregate(1L, (a, b) => a * b), values.LongLength);
        return tensor(values, dtype: ScalarType.Float64).reshape(shape);
    }

    public static Tensor Int64(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name));
        var values = new long[bytes.Length / sizeof(long)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return tensor(values, dtype: ScalarType.Int64);
    }

    /// <summary>The reference network with the fixture's float64 weights, in eval mode.</summary>
    public static TinyCnn Model()
    {
        var model = new TinyCnn(dtype: ScalarType.Float64);
        using var doc = Cases();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var shape = doc.RootElement.GetProperty("weights").GetProperty(name).EnumerateArray().Select(e => e.GetInt64()).ToArray();
            using var value = Float64($"weights_{name}.bin", shape);
            parameter.copy_(value);
        }

        model.eval();
        return model;
    }
}
