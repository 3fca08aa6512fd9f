using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace PerceptualLosses.Tests.Statistics;

/// <summary>The SciPy reference values of tools/fixtures/statistics_reference.py.</summary>
internal static class StatisticsFixtures
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Statistics", "statistics_reference.json"))).RootElement);

    public static JsonElement Json => Root.Value;

    public static int ScipyResamples => Json.GetProperty("scipy_resamples").GetInt32();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static double[] Scores(string model, string set) => Doubles(Json.GetProperty(model).GetProperty(set));

    public static double[][] AllSets(string model) => Json.GetProperty(model).EnumerateObject().Select(p => Doubles(p.Value)).ToArray();
}
