using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Data;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using static TorchSharp.torch;

namespace PerceptualLosses.Examples;

/// <summary>
/// Scores a folder of super-resolution outputs against their high-resolution references with the metric suite, as SR
/// papers do (Y channel, border shave = scale), one CSV line per image and the mean.
/// </summary>
internal static class ScoreFolderExample
{
    public const string Usage = "--reference HR_DIR --distorted SR_DIR [--scale 4]   (files matched by name)";

    public static int Run(ExampleArguments args)
    {
        string referenceFolder = args.ExistingFolder("reference");
        string distortedFolder = args.ExistingFolder("distorted");
        int scale = args.Integer("scale", 4);

        MetricOptions y = MetricOptions.SrPaperY(scale);
        IImageMetric[] metrics = { new PsnrMetric(y), new SsimMetric(y), new UqiMetric(y), new GmsdMetric(y), new IfcMetric(y) };
        var files = ImageFolder.List(referenceFolder, recursive: false);
        if (files.Count == 0)
        {
            throw new ArgumentException($"--reference: no images in '{referenceFolder}'.", nameof(args));
        }

        var sums = new double[metrics.Length];
        Console.WriteLine("image," + string.Join(",", metrics.Select(m => m.Name)));
        foreach (string referencePath in files)
        {
            string distortedPath = Path.Combine(distortedFolder, Path.GetFileName(referencePath));
            if (!File.Exists(distortedPath))
            {
                throw new ArgumentException($"--distorted: '{distortedPath}' is missing (every reference needs an output of the same name).", nameof(args));
            }

            using var scope = NewDisposeScope();
            Tensor reference = ImageIO.LoadBatch(new[] { referencePath });   // [1,3,H,W] in [0,1]
            Tensor distorted = ImageIO.LoadBatch(new[] { distortedPath });
            // Metrics return [B] tensors (float64 here); ComputeValues reads them as doubles.
            double[] values = metrics.Select(m => m.ComputeValues(distorted, reference)[0]).ToArray();
            for (int k = 0; k < values.Length; k++)
            {
                sums[k] += values[k];
            }

            Console.WriteLine(Path.GetFileName(referencePath) + "," + string.Join(",", values.Select(v => v.ToString("F4", System.Globalization.CultureInfo.InvariantCulture))));
        }

        Console.WriteLine("mean," + string.Join(",", sums.Select(s => (s / files.Count).ToString("F4", System.Globalization.CultureInfo.InvariantCulture))));
        return 0;
    }
}
