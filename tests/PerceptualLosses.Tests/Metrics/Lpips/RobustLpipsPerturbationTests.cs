using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>
/// R-LPIPS' perturbation against tools/fixtures/rlpips_reference.py (PyTorch 1.13, float64, written from the paper's
/// description and robustness' L2 step): the same trunk, lin weights and ranking network, three triplets, PGD-10 with
/// ε = 1.33 on [0,1] images maximising the 2AFC BCE against the human judgement.
/// </summary>
public sealed class RobustLpipsPerturbationTests : IDisposable
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips");
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "rlpips.json"))).RootElement;
    private static readonly string[] Names = { "ref", "p0", "p1" };
    private readonly string checkpoints = Directory.CreateTempSubdirectory("pl-rlpips-").FullName;

    public void Dispose() => Directory.Delete(checkpoints, recursive: true);

    private static Tensor Crop(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name));
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return tensor(values).reshape(3, 3, 64, 80)[.., .., 10..42, 20..60].to_type(ScalarType.Float64).contiguous();
    }

    private static TwoAfcBatch Batch(ScalarType dtype = ScalarType.Float64)
    {
        var x0 = Crop("x0.bin").to_type(dtype);
        var judge = tensor(Reference.GetProperty("judge").EnumerateArray().Select(v => v.GetDouble()).ToArray()).to_type(dtype);
        return new TwoAfcBatch(x0, Crop("x1.bin").to_type(dtype), x0.flip(3).contiguous(), judge);
    }

    private static (PerceptualLosses.Metrics.Lpips Lpips, DistanceToLogit Rank) Networks(ScalarType dtype = ScalarType.Float64)
    {
        var lpips = LpipsFactory.Vgg16(Path.Combine(Folder, "vgg16_w8.pth"), Path.Combine(Folder, "lin_w8.pth"), LpipsInputRange.ZeroToOne);
        var rank = new DistanceToLogit();
        ModelWeights.Load(rank, Path.Combine(Folder, "rank_w.pth"));
        lpips.to(dtype);
        rank.to(dtype);
        return (lpips, rank);
    }

    private LpipsTrainer Trainer(PerceptualLosses.Metrics.Lpips lpips, DistanceToLogit rank, RobustLpipsAttack? attack, string name) =>
        new(lpips, rank, new LpipsTrainingOptions(Epochs: 1, DecayEpochs: 0, LearningRate: 1e-3, Robust: attack), Path.Combine(checkpoints, name), "test/rlpips");

    private static double[] Norms(Tensor delta) => delta.reshape(delta.shape[0], -1).norm(1).data<double>().ToArray();

    [Fact]
    public void Perturb_MovesEachImageByEpsilon_UnlessTheBoxClips_AsPyTorch()
    {
        using var scope = NewDisposeScope();
        var (lpips, rank) = Networks();
        using var l = lpips;
        using var r = rank;
        var batch = Batch();
        var attack = new RobustLpipsAttack(Reference.GetProperty("steps").GetInt32(), Reference.GetProperty("epsilon").GetDouble(), Reference.GetProperty("step_size").GetDouble());
        Assert.Equal(RobustLpipsAttack.Paper, attack);

        var perturbed = Trainer(lpips, rank, attack, "a").Perturb(batch);

        var originals = new[] { batch.Reference, batch.P0, batch.P1 };
        var results = new[] { perturbed.Reference, perturbed.P0, perturbed.P1 };
        var sampleIndex = tensor(Reference.GetProperty("sample_index").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        for (int i = 0; i < 3; i++)
        {
            var delta = results[i] - originals[i];
            var expectedNorms = Reference.GetProperty("delta_norms").GetProperty(Names[i]).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var norms = Norms(delta);
            for (int b = 0; b < norms.Length; b++)
            {
                Assert.True(Math.Abs(norms[b] - expectedNorms[b]) <= 1e-7, $"{Names[i]}[{b}]: ‖δ‖ {norms[b]:R} vs PyTorch {expectedNorms[b]:R}");
                Assert.True(norms[b] <= attack.Epsilon + 1e-9, $"{Names[i]}[{b}] left the ball");
                if (norms[b] < attack.Epsilon - 1e-4)
                {
                    // Shorter than ε only where the [0,1] box clipped the step.
                    var image = results[i][b];
                    Assert.True(image.eq(0).any().item<bool>() || image.eq(1).any().item<bool>(), $"{Names[i]}[{b}] is inside the ball without touching the box");
                }
            }

            var samples = delta.flatten().index_select(0, sampleIndex).data<double>().ToArray();
            var expected = Reference.GetProperty("delta_samples").GetProperty(Names[i]).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int k = 0; k < samples.Length; k++)
            {
                Assert.True(Math.Abs(samples[k] - expected[k]) <= 1e-9, $"{Names[i]} δ sample {k}: {samples[k]:R} vs PyTorch {expected[k]:R}");
            }
        }

        using var noGrad = no_grad();
        var d0Before = lpips.Compute(batch.P0, batch.Reference).data<double>().ToArray();
        var d0After = lpips.Compute(perturbed.P0, perturbed.Reference).data<double>().ToArray();
        var expectedAfter = Reference.GetProperty("d0_after").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (int b = 0; b < d0After.Length; b++)
        {
            Assert.True(Math.Abs(d0After[b] - expectedAfter[b]) <= 1e-8 * expectedAfter[b], $"d0 after [{b}]: {d0After[b]:R} vs PyTorch {expectedAfter[b]:R}");
            Assert.NotEqual(d0Before[b], d0After[b], 6);
        }
    }

    /// <summary>The attack maximises the documented objective: the 2AFC BCE against the judgement rises to PyTorch's value.</summary>
    [Fact]
    public void Perturb_RaisesTheTwoAfcCrossEntropy_ToPyTorchsValue()
    {
        using var scope = NewDisposeScope();
        var (lpips, rank) = Networks();
        using var l = lpips;
        using var r = rank;
        var batch = Batch();
        var perturbed = Trainer(lpips, rank, RobustLpipsAttack.Paper, "b").Perturb(batch);
        using var noGrad = no_grad();
        double Bce(Tensor reference, Tensor p0, Tensor p1)
        {
            var probability = rank.call(lpips.Compute(p0, reference).view(-1, 1, 1, 1), lpips.Compute(p1, reference).view(-1, 1, 1, 1));
            return nn.functional.binary_cross_entropy(probability, batch.Judge.view(-1, 1, 1, 1)).item<double>();
        }

        double before = Bce(batch.Reference, batch.P0, batch.P1), after = Bce(perturbed.Reference, perturbed.P0, perturbed.P1);
        Assert.Equal(Reference.GetProperty("objective_before").GetDouble(), before, 12);
        Assert.Equal(Reference.GetProperty("objective_after").GetDouble(), after, 11);
        Assert.True(after > before);
    }

    /// <summary>
    /// With ε → 0 the images do not move, so the objective R-LPIPS training optimises equals plain LPIPS training's on the
    /// same batch (the 2AFC BCE, evaluated without dropout so that both sides see the same network).
    /// </summary>
    [Fact]
    public void VanishingEpsilon_LeavesTheTrainingObjectiveOfPlainLpips()
    {
        using var scope = NewDisposeScope();
        var batch = Batch();
        var (lpips, rank) = Networks();
        using var l = lpips;
        using var r = rank;
        var perturbed = Trainer(lpips, rank, new RobustLpipsAttack(10, 1e-12, 1e-12), "robust").Perturb(batch);
        foreach (var (moved, original) in new[] { (perturbed.Reference, batch.Reference), (perturbed.P0, batch.P0), (perturbed.P1, batch.P1) })
        {
            Assert.True((moved - original).abs().max().item<double>() <= 1e-11);
        }

        using var noGrad = no_grad();
        double Bce(Tensor reference, Tensor p0, Tensor p1) => nn.functional.binary_cross_entropy(
            rank.call(lpips.Compute(p0, reference).view(-1, 1, 1, 1), lpips.Compute(p1, reference).view(-1, 1, 1, 1)), batch.Judge.view(-1, 1, 1, 1)).item<double>();
        Assert.Equal(Bce(batch.Reference, batch.P0, batch.P1), Bce(perturbed.Reference, perturbed.P0, perturbed.P1), 9);
        Assert.Equal(Reference.GetProperty("objective_before").GetDouble(), Bce(batch.Reference, batch.P0, batch.P1), 12);
        Assert.Throws<InvalidOperationException>(() => Trainer(lpips, rank, null, "plain").Perturb(batch));
    }
}
