using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using PerceptualLosses.Data;
using PerceptualLosses.Imaging;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>
/// Scores several metrics on one image pair, preparing the pair once: the checks of <see cref="MetricInput.Prepare"/>
/// (shape, device, channels, range, NaN/Inf) run once, and crop, 8-bit rounding, colour conversion (RGB→Y) and shave
/// run once per kind of input the requested metrics need (<see cref="SuiteInput.Channels"/> in float64, narrowed to float32
/// for SSIM, UQI and GMSD under <see cref="MetricPrecision.Fast"/>, and <see cref="SuiteInput.Rgb"/> for learned metrics). Each value equals the metric's own <c>Compute</c> with the same options.
/// </summary>
/// <remarks>
/// Arguments are <c>(prediction, target)</c> as for every metric. Size minimums are those of the requested metrics
/// only: PSNR alone accepts a 1×1 image, IFC needs 72×72.
/// </remarks>
public sealed class MetricSuite : IDisposable
{
    private readonly IReadOnlyList<IDisposable> owned;

    /// <summary>Creates a suite.</summary>
    /// <param name="options">Preparation options for every metric, learned ones included (see <see cref="SuiteInput.Rgb"/>).</param>
    /// <param name="metrics">The metrics, in output order; names must be distinct.</param>
    public MetricSuite(MetricOptions options, IEnumerable<SuiteMetric> metrics)
        : this(Guard.NotNull(options), metrics, Array.Empty<IDisposable>(), validated: false)
    {
    }

    /// <summary>
    /// A suite that disposes <paramref name="owned"/> (the networks <see cref="MetricSelection.CreateSuite"/> loaded);
    /// <paramref name="validated"/>: <paramref name="options"/> were checked before any file was read.
    /// </summary>
    internal MetricSuite(MetricOptions options, IEnumerable<SuiteMetric> metrics, IReadOnlyList<IDisposable> owned, bool validated)
    {
        this.owned = owned;
        Guard.NotNull(metrics);
        if (!validated)
        {
            options.Validate();
        }

        Options = options;
        Metrics = metrics.ToArray();
        if (Metrics.Count == 0 || Metrics.Any(m => m is null))
        {
            throw new ArgumentException("metrics must hold at least one metric and no null entry.", nameof(metrics));
        }

        var repeated = Metrics.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (repeated.Length > 0)
        {
            throw new ArgumentException($"metrics must have distinct names; repeated: {string.Join(", ", repeated)}.", nameof(metrics));
        }
    }

    /// <summary>Preparation options of every metric.</summary>
    public MetricOptions Options { get; }

    /// <summary>The metrics, in output order.</summary>
    public IReadOnlyList<SuiteMetric> Metrics { get; }

    /// <summary>Disposes the networks the suite loaded itself (<see cref="MetricSelection.CreateSuite"/>); metrics given to the constructor stay the caller's.</summary>
    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }

    /// <summary>Called once per preparation of one image (the only place the suite converts colour); for tests.</summary>
    internal Action<SuiteInput>? Converted { get; set; }

    /// <summary>Scores every metric on one batch of pairs.</summary>
    /// <param name="prediction">Predicted (reconstructed or distorted) images <c>[B,C,H,W]</c> in [0, DataRange].</param>
    /// <param name="target">Target (reference) images, same shape and device.</param>
    /// <returns>One <see cref="MetricScore"/> per metric, in <see cref="Metrics"/> order; tensors in the caller's dispose scope.</returns>
    /// <exception cref="ArgumentException">What <see cref="MetricInput.Prepare"/> refuses, or images smaller than a requested metric's minimum.</exception>
    public IReadOnlyList<MetricScore> Score(Tensor prediction, Tensor target)
    {
        string firstName = Metrics[0].Name;
        var (height, width) = MetricInput.Check(prediction, target, Options, firstName);
        var largest = Metrics.OrderByDescending(m => m.MinSize).First();
        MetricInput.CheckSize(target, Options, height, width, largest.Name, largest.MinSize);

        using var scope = NewDisposeScope();
        PreparedImages? channels = null, narrowed = null, rgb = null;
        var scores = new List<MetricScore>(Metrics.Count);
        foreach (var metric in Metrics)
        {
            PreparedImages images;
            if (metric.Input == SuiteInput.Rgb)
            {
                images = rgb ??= new PreparedImages(ConvertRgb(prediction, height, width), ConvertRgb(target, height, width));
            }
            else
            {
                channels ??= new PreparedImages(Convert(prediction, height, width), Convert(target, height, width));
                images = metric.NeedsFloat64
                    ? channels
                    : narrowed ??= new PreparedImages(MetricInput.Narrow(channels.Prediction, Options), MetricInput.Narrow(channels.Target, Options));
            }

            scores.Add(new MetricScore(metric.Name, metric.HigherIsBetter, metric.Score(images).MoveToOuterDisposeScope()));
        }

        return scores;
    }

    /// <summary>
    /// Scores one pair of image files: each read as RGB in [0,1] (a grey file replicated to three channels), checked,
    /// scaled to <see cref="MetricOptions.DataRange"/> and scored by <see cref="Score"/>. A grey file against an RGB
    /// one is an error unless <see cref="MetricOptions.Color"/> is <see cref="ColorMode.Gray"/> (which compares grey
    /// levels and needs equal R, G and B); files of different sizes are an error (nothing is resized).
    /// </summary>
    /// <param name="distortedFile">The distorted (predicted) image.</param>
    /// <param name="referenceFile">The reference (target) image.</param>
    /// <param name="device">Where to score; CPU when null.</param>
    /// <param name="dropAlpha">Whether an alpha channel is dropped (the colour values are scored as stored); false: a file with one is an error.</param>
    /// <returns>As <see cref="Score"/>, each of batch size 1; tensors in the caller's dispose scope.</returns>
    /// <exception cref="ArgumentException">Grey against RGB, different sizes, a shave that removes the image, or what <see cref="Score"/> refuses.</exception>
    /// <exception cref="System.IO.InvalidDataException">A file is not a readable image, or has an alpha channel and <paramref name="dropAlpha"/> is false.</exception>
    public IReadOnlyList<MetricScore> ScoreFiles(string distortedFile, string referenceFile, Device? device = null, bool dropAlpha = false)
    {
        Guard.FileExists(distortedFile);
        Guard.FileExists(referenceFile);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // A grey pair is read as RGB (equal channels) so it is scored as one; grey against RGB is refused below.
        var load = new ImageLoadOptions(ConvertGrayscaleToRgb: true, DropAlpha: dropAlpha);
        var reference = ImageIO.Load(referenceFile, load);
        var distorted = ImageIO.Load(distortedFile, load);
        bool greyReference = ImageIO.IsGrayscale(referenceFile), greyDistorted = ImageIO.IsGrayscale(distortedFile);
        if (greyReference != greyDistorted && Options.Color != ColorMode.Gray)
        {
            var (grey, rgb, parameter) = greyReference
                ? ($"referenceFile '{referenceFile}'", $"distortedFile '{distortedFile}'", nameof(referenceFile))
                : ($"distortedFile '{distortedFile}'", $"referenceFile '{referenceFile}'", nameof(distortedFile));
            throw new ArgumentException($"{grey} is a grey image but {rgb} is RGB; a grey image is not compared with a colour one. Give two grey or two RGB images, or set Color gray to compare grey levels (the RGB image must then have equal R, G and B).", parameter);
        }

        if (!reference.shape.SequenceEqual(distorted.shape))
        {
            throw new ArgumentException($"referenceFile '{referenceFile}' is {reference.shape[2]}x{reference.shape[1]} but distortedFile '{distortedFile}' is {distorted.shape[2]}x{distorted.shape[1]} (width x height); metrics compare images of one size (nothing is resized).", nameof(distortedFile));
        }

        if (Options.Shave > 0 && 2 * Options.Shave >= Math.Min(reference.shape[1], reference.shape[2]))
        {
            throw new ArgumentException($"Shave {Options.Shave} removes the whole of the {reference.shape[2]}x{reference.shape[1]} image referenceFile '{referenceFile}'; it must be less than half its shorter side.", nameof(referenceFile));
        }

        var target = ScaledInput(reference, referenceFile, nameof(referenceFile)).to(device ?? CPU);
        var prediction = ScaledInput(distorted, distortedFile, nameof(distortedFile)).to(device ?? CPU);
        var scores = Score(prediction, target);
        foreach (var score in scores)
        {
            score.Values.MoveToOuterDisposeScope();
        }

        return scores;
    }

    /// <summary>Scores one pair of image files (<see cref="ScoreFiles"/>) to one number per metric.</summary>
    /// <param name="distortedFile">The distorted (predicted) image.</param>
    /// <param name="referenceFile">The reference (target) image.</param>
    /// <param name="device">Where to score; CPU when null.</param>
    /// <param name="dropAlpha">As <see cref="ScoreFiles"/>.</param>
    /// <returns>The values, in <see cref="Metrics"/> order, named by the distorted file.</returns>
    public ScoredPair ScorePair(string distortedFile, string referenceFile, Device? device = null, bool dropAlpha = false) =>
        Scored(System.IO.Path.GetFileName(distortedFile), distortedFile, referenceFile, device, dropAlpha);

    /// <summary>Scores the pairs of two folders (<see cref="ImageFolder.Pairs"/>: same file names, nothing left unpaired).</summary>
    /// <param name="distortedFolder">Folder of distorted (predicted) images.</param>
    /// <param name="referenceFolder">Folder of reference (target) images.</param>
    /// <param name="device">Where to score; CPU when null.</param>
    /// <param name="dropAlpha">As <see cref="ScoreFiles"/>.</param>
    /// <param name="progress">Called after each pair with the number scored and the file name.</param>
    public FolderScores ScoreFolders(string distortedFolder, string referenceFolder, Device? device = null, bool dropAlpha = false, Action<int, string>? progress = null) =>
        ScorePairs(ImageFolder.Pairs(referenceFolder, distortedFolder), device, dropAlpha, progress);

    /// <summary>Scores pairs of files, each by <see cref="ScoreFiles"/>.</summary>
    /// <param name="pairs">Each pair's name and files (as <see cref="ImageFolder.Pairs"/> gives them).</param>
    /// <param name="device">Where to score; CPU when null.</param>
    /// <param name="dropAlpha">As <see cref="ScoreFiles"/>.</param>
    /// <param name="progress">Called after each pair with the number scored and the pair's name.</param>
    /// <exception cref="ArgumentException">No pair, or what <see cref="ScoreFiles"/> refuses (naming the file).</exception>
    public FolderScores ScorePairs(IReadOnlyList<(string Name, string Reference, string Distorted)> pairs, Device? device = null, bool dropAlpha = false, Action<int, string>? progress = null)
    {
        Guard.NotNull(pairs);
        Guard.NotEmpty(pairs, "pair");
        var scored = new List<ScoredPair>(pairs.Count);
        foreach (var (name, reference, distorted) in pairs)
        {
            scored.Add(Scored(name, distorted, reference, device, dropAlpha));
            progress?.Invoke(scored.Count, name);
        }

        return new FolderScores(Metrics.Select(m => m.Name).ToArray(), scored);
    }

    private ScoredPair Scored(string name, string distortedFile, string referenceFile, Device? device, bool dropAlpha)
    {
        using var scope = NewDisposeScope();
        var values = ScoreFiles(distortedFile, referenceFile, device, dropAlpha).Select(s => s.Values.mean().to_type(ScalarType.Float64).item<double>()).ToArray();
        return new ScoredPair(name, referenceFile, distortedFile, values);
    }

    /// <summary>[3,H,W] in [0,1] → [1,C,H,W] on the scale of DataRange; Gray keeps one channel of a grey image.</summary>
    private Tensor ScaledInput(Tensor rgb, string path, string parameter)
    {
        var x = rgb.unsqueeze(0);
        if (Options.Color == ColorMode.Gray)
        {
            if (!x[.., 0].allclose(x[.., 1], 0, 0) || !x[.., 0].allclose(x[.., 2], 0, 0))
            {
                throw new ArgumentException($"{parameter} '{path}': Color gray needs a grey image (equal R, G and B); use Color y or rgb.", parameter);
            }

            x = x[.., 0..1];
        }

        return x * Options.DataRange;
    }

    private Tensor Convert(Tensor images, long height, long width)
    {
        Converted?.Invoke(SuiteInput.Channels);
        return MetricInput.Convert(images, Options, height, width, ScalarType.Float64);
    }

    private Tensor ConvertRgb(Tensor images, long height, long width)
    {
        Converted?.Invoke(SuiteInput.Rgb);
        return MetricInput.ConvertRgb(images, Options, height, width);
    }
}
