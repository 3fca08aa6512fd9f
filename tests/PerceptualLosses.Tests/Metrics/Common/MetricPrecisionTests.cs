using System;
using System.Linq;
using PerceptualLosses.Metrics;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;
using GmsdFn = PerceptualLosses.Metrics.Gmsd;
using IfcFn = PerceptualLosses.Metrics.Ifc;
using SsimFn = PerceptualLosses.Metrics.Ssim;
using UqiFn = PerceptualLosses.Metrics.Uqi;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>
/// <see cref="MetricPrecision.Fast"/> (float32) against the float64 MATLAB/Octave values of the committed fixtures
/// (metrics_reference.json): the bound MetricPrecision.Fast promises is 1e-5 absolute.
/// </summary>
public sealed class MetricPrecisionTests(ITestOutputHelper output)
{
    private const double FastTolerance = 1e-5;

    private static MetricOptions Fast(FixturePair p, int shave = 0) => MetricFixtures.LumaOptions(p, shave, MetricPrecision.Fast);

    [Fact]
    public void Default_IsFast() => Assert.Equal(MetricPrecision.Fast, MetricOptions.Default.Precision);

    [Fact]
    public void Ssim_Fast_ComputesInFloat32_AndWithin1e5OfSsimIndexM()
    {
        var p = MetricFixtures.Pairs[0];
        AssertFloat32Arithmetic(SsimFn.Compute(p.LoadDistorted(), p.LoadReference(), Fast(p)), SsimFn.Compute(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p)));
        Report("ssim", ReferenceAgreement.Check(MetricFixtures.Pairs, "ssim", (a, b, q) => SsimFn.Compute(a, b, Fast(q)), FastTolerance));
        Report("ssim_shave4", ReferenceAgreement.Check(MetricFixtures.SmallPairs, "ssim_shave4", (a, b, q) => SsimFn.Compute(a, b, Fast(q, 4)), FastTolerance));
        Report("ssim_rgb", ReferenceAgreement.Check(MetricFixtures.SmallPairs, "ssim_rgb", (a, b, _) => SsimFn.Compute(a, b, ReferenceAgreement.RgbFast), FastTolerance));
        Report("ssim_downsampled", ReferenceAgreement.Check(MetricFixtures.Pairs, "ssim_downsampled", (a, b, q) => SsimFn.Compute(a, b, Fast(q), SsimOptions.Matlab2009), FastTolerance));
    }

    [Fact]
    public void Uqi_Fast_ComputesInFloat32_AndWithin1e5OfImgQiM()
    {
        var p = MetricFixtures.Pairs[0];
        AssertFloat32Arithmetic(UqiFn.Compute(p.LoadDistorted(), p.LoadReference(), Fast(p)), UqiFn.Compute(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p)));
        Report("uqi", ReferenceAgreement.Check(MetricFixtures.SmallPairs, "uqi", (a, b, q) => UqiFn.Compute(a, b, Fast(q)), FastTolerance));
        Report("uqi_shave4", ReferenceAgreement.Check(MetricFixtures.SmallPairs, "uqi_shave4", (a, b, q) => UqiFn.Compute(a, b, Fast(q, 4)), FastTolerance));
        Report("uqi_rgb", ReferenceAgreement.Check(MetricFixtures.SmallPairs, "uqi_rgb", (a, b, _) => UqiFn.Compute(a, b, ReferenceAgreement.RgbFast), FastTolerance));
    }

    [Fact]
    public void Gmsd_Fast_ComputesInFloat32_AndWithin1e5OfGmsdM()
    {
        var p = MetricFixtures.Pairs[0];
        AssertFloat32Arithmetic(GmsdFn.Compute(p.LoadDistorted(), p.LoadReference(), Fast(p)), GmsdFn.Compute(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p)));
        Report("gmsd", ReferenceAgreement.Check(MetricFixtures.SmallPairs, "gmsd", (a, b, q) => GmsdFn.Compute(a, b, Fast(q)), FastTolerance));
        Report("gmsd_shave4", ReferenceAgreement.Check(MetricFixtures.SmallPairs, "gmsd_shave4", (a, b, q) => GmsdFn.Compute(a, b, Fast(q, 4)), FastTolerance));
        Report("gmsd_rgb", ReferenceAgreement.Check(MetricFixtures.SmallPairs, "gmsd_rgb", (a, b, _) => GmsdFn.Compute(a, b, ReferenceAgreement.RgbFast), FastTolerance));
    }

    [Fact]
    public void Ifc_Fast_StaysFloat64_AndEqualsExact()
    {
        var p = MetricFixtures.SmallPairs.First();
        var fast = IfcFn.Compute(p.LoadDistorted(), p.LoadReference(), Fast(p));
        var exact = IfcFn.Compute(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p));
        Assert.Equal(ScalarType.Float64, fast.dtype);
        Assert.Equal(exact.item<double>(), fast.item<double>());
    }

    [Fact]
    public void Ifc_InFloat32_StaysWithin1e4RelativeOfIfcvecM()
    {
        // Measured for the documentation of Ifc: in float32 the worst relative error is 2.1e-5 on an AVX2 CPU, above the
        // 1e-5 Fast allows, so IFC computes in float64 under Fast too; the float32 path must still not degrade further.
        double worst = 0;
        foreach (var p in MetricFixtures.SmallPairs)
        {
            if (p["ifc"] is not double expected)
            {
                continue;
            }

            using var scope = NewDisposeScope();
            double actual = IfcFn.ComputeIn(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p), ScalarType.Float32).to_type(ScalarType.Float64).item<double>();
            worst = Math.Max(worst, Math.Abs(actual - expected) / Math.Abs(expected));
        }

        output.WriteLine($"ifc float32: worst relative error {worst:E2}");
        Assert.True(worst is > 0 and < 1e-4, $"IFC in float32: worst relative error {worst:E2}");
    }

    [Fact]
    public void Validate_Rejects_UndefinedPrecision()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (MetricOptions.Default with { Precision = (MetricPrecision)7 }).Validate());
        Assert.Equal("Precision", ex.ParamName);
    }

    [Fact]
    public void Memory_StaysFlat_Over1000FastAndExactMetricCalls()
    {
        using var a = rand(1, 3, 72, 72);
        using var b = (a + (0.05 * randn(1, 3, 72, 72))).clamp(0, 1);
        var fast = MetricOptions.Default;
        var exact = MetricOptions.Default with { Precision = MetricPrecision.Exact };
        long Live()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }

        void Run(int n)
        {
            for (int i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                var options = i % 2 == 0 ? fast : exact;
                SsimFn.Compute(a, b, options);
                UqiFn.Compute(a, b, options);
                GmsdFn.Compute(a, b, options);
                if (i % 10 == 0)
                {
                    IfcFn.Compute(a, b, options);
                }
            }
        }

        Run(4);
        long before = Live();
        Run(1000);
        Assert.Equal(before, Live());
    }

#pragma warning disable CS0618 // the obsolete alias is what is tested
    [Fact]
    public void UseFloat64_IsAnAliasOfPrecision()
    {
        Assert.Equal(MetricPrecision.Exact, (MetricOptions.Default with { UseFloat64 = true }).Precision);
        Assert.Equal(MetricPrecision.Fast, (MetricOptions.Default with { UseFloat64 = false }).Precision);
        Assert.True((MetricOptions.Default with { Precision = MetricPrecision.Exact }).UseFloat64);
    }
#pragma warning restore CS0618

    /// <summary>Fast returns float64 values (as Exact) computed in float32: close to Exact but not bit-equal.</summary>
    private static void AssertFloat32Arithmetic(Tensor fast, Tensor exact)
    {
        Assert.Equal(ScalarType.Float64, fast.dtype);
        double difference = Math.Abs(fast.item<double>() - exact.item<double>());
        Assert.True(difference > 0 && difference < FastTolerance, $"Fast − Exact = {difference:E2}");
    }

    private void Report(string key, (double MaxAbs, double MaxRel) worst) =>
        output.WriteLine($"{key}: worst abs {worst.MaxAbs:E2}, rel {worst.MaxRel:E2}");
}
