using System;
using PerceptualLosses.Common;
using PerceptualLosses.Metrics;
using Xunit;

namespace PerceptualLosses.Tests.Common;

/// <summary><see cref="EnumNames{T}"/>: one name per value written, earlier spellings and other cases read only where allowed.</summary>
public sealed class EnumNamesTests
{
    private static readonly EnumNames<ColorMode> Exact = new("Color", (ColorMode.Rgb, "rgb"), (ColorMode.Y, "y"), (ColorMode.Gray, "gray"));

    [Fact]
    public void Name_AndParse_RoundTrip_ForEveryValue()
    {
        foreach (var value in Enum.GetValues<ColorMode>())
        {
            Assert.Equal(value, Exact.Parse(Exact.Name(value)));
            Assert.Equal(value, MetricSettingNames.Color.Parse(MetricSettingNames.Color.Name(value)));
        }
    }

    [Fact]
    public void Parse_IsExact_UnlessIgnoreCase_AndReadsAliasesWithoutWritingThem()
    {
        var error = Assert.Throws<ArgumentException>(() => Exact.Parse("RGB"));
        Assert.Equal("Color", error.ParamName);
        Assert.StartsWith("Color must be one of rgb, y, gray; got 'RGB'.", error.Message, StringComparison.Ordinal);
        Assert.False(Exact.TryParse("grey", out _));

        Assert.Equal(ColorMode.Rgb, MetricSettingNames.Color.Parse("RGB"));
        Assert.Equal(ColorMode.Gray, MetricSettingNames.Color.Parse("Grey"));
        Assert.Equal("gray", MetricSettingNames.Color.Name(ColorMode.Gray));
        Assert.Equal(new[] { "rgb", "y", "gray" }, MetricSettingNames.Color.Names);
        Assert.Equal(LpipsNet.Vgg, MetricSettingNames.LpipsNet.Parse("VGG16"));
    }

    [Fact]
    public void Aliases_ThatRepeatANameInAnyCase_AreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new EnumNames<ColorMode>("Color", (ColorMode.Rgb, "rgb"), (ColorMode.Y, "y"), (ColorMode.Gray, "gray")) { Aliases = new[] { (ColorMode.Y, "RGB") } });
        Assert.Equal("Aliases", error.ParamName);
    }
}
