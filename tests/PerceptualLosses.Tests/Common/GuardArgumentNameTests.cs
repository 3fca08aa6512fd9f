using System;
using System.Collections.Generic;
using PerceptualLosses.Attacks;
using PerceptualLosses.Common;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Common;

/// <summary>Guard names the argument from the caller's expression, and the checks added with it.</summary>
public class GuardArgumentNameTests
{
    [Fact]
    public void Name_DefaultsToTheCallersArgumentExpression()
    {
        int patchSize = 0;
        string? weights = null;
        var shape = zeros(1, 3, 4, 4);

        var atLeast = Assert.Throws<ArgumentOutOfRangeException>(() => Guard.AtLeast(patchSize, 1));
        var notNull = Assert.Throws<ArgumentNullException>(() => Guard.NotNull(weights));
        var same = Assert.Throws<ArgumentException>(() => Guard.SameShape(shape, zeros(1, 3, 4, 5)));

        Assert.Equal("patchSize", atLeast.ParamName);
        Assert.StartsWith("patchSize must be >= 1.", atLeast.Message, StringComparison.Ordinal);
        Assert.Equal("weights", notNull.ParamName);
        Assert.Equal("zeros(1, 3, 4, 5)", same.ParamName);
        Assert.StartsWith("shape [1,3,4,4] and zeros(1, 3, 4, 5) [1,3,4,5] must have the same shape.", same.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_GivenExplicitly_IsUsedAsIs()
    {
        int value = -1;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Guard.AtLeast(value, 0, "Shave"));

        Assert.Equal("Shave", error.ParamName);
    }

    [Fact]
    public void Defined_AcceptsNamedValues_AndListsThemOtherwise()
    {
        Guard.Defined(AttackNorm.Linf);

        var norm = (AttackNorm)7;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Guard.Defined(norm));
        var three = Assert.Throws<ArgumentOutOfRangeException>(() => Guard.Defined((ColorMode)9, "Color"));

        Assert.Equal("norm", error.ParamName);
        Assert.StartsWith("norm must be L2 or Linf; got 7.", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Color must be Rgb, Y or Gray; got 9.", three.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotEmpty_NamesTheCollectionAndWhatItShouldHold()
    {
        Guard.NotEmpty(new[] { "a.png" }, "file");
        var paths = new List<string>();
        IReadOnlyList<string>? missing = null;

        var error = Assert.Throws<ArgumentException>(() => Guard.NotEmpty(paths, "file"));
        var nullError = Assert.Throws<ArgumentNullException>(() => Guard.NotEmpty(missing!, "file"));

        Assert.Equal("paths", error.ParamName);
        Assert.StartsWith("paths must contain at least one file.", error.Message, StringComparison.Ordinal);
        Assert.Equal("missing", nullError.ParamName); // the compiler drops the null-forgiving operator
    }

    [Fact]
    public void OptionsValidation_StillNamesTheProperty()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => (MetricOptions.Default with { Luma = (LumaConvention)5 }).Validate());

        Assert.Equal("Luma", error.ParamName);
        Assert.StartsWith("Luma must be Matlab or BasicSr; got 5.", error.Message, StringComparison.Ordinal);
    }
}
