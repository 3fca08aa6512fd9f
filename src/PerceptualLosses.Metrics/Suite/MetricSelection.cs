using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Common;
using static TorchSharp.torch;
using Net = PerceptualLosses.Metrics.LpipsNet;

namespace PerceptualLosses.Metrics;

/// <summary>
/// Which metrics a <see cref="MetricSuite"/> scores, by name, and the weight files of the learned ones: what a user
/// states (the <c>perceptual metrics</c> options), checked once by <see cref="Validate"/> and turned into a suite by
/// <see cref="CreateSuite"/>.
/// </summary>
/// <remarks>
/// A learned metric is scored exactly when its lin weights are given and <see cref="Metrics"/> (when set) lists it:
/// weights for a metric that is not listed, or a listed one without weights, are errors, never ignored. Messages name
/// these properties (recorded with <see cref="NamedSettings"/>) so a front end can rename them.
/// </remarks>
public sealed record MetricSelection
{
    /// <summary>Key of LPIPS (richzhang/PerceptualSimilarity v0.1).</summary>
    public const string LpipsName = "lpips";

    /// <summary>Key of R-LPIPS (LPIPS lin layers trained on adversarial pairs, VGG-16 trunk).</summary>
    public const string RobustLpipsName = "rlpips";

    /// <summary>Every metric name, in the default output order: the full-reference ones, then lpips and rlpips.</summary>
    public static IReadOnlyList<string> Names { get; } = SuiteMetric.FullReference.Select(m => m.Name).Append(LpipsName).Append(RobustLpipsName).ToArray();

    /// <summary>
    /// The metrics to score, in output order (names of <see cref="Names"/>, distinct); null: the full-reference ones,
    /// then lpips and rlpips where their weights are given.
    /// </summary>
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>Trunk of LPIPS; null is <see cref="Net.Vgg"/> (the paper's). Needs <see cref="LpipsWeights"/>.</summary>
    public Net? LpipsNet { get; init; }

    /// <summary>LPIPS v0.1 lin weights of the <see cref="LpipsNet"/> trunk (the official <c>lpips/weights/v0.1/{vgg,alex,squeeze}.pth</c>): adds <c>lpips</c>.</summary>
    public string? LpipsWeights { get; init; }

    /// <summary>torchvision weights of the LPIPS trunk; for the VGG trunk <see cref="Vgg16Weights"/> serves too.</summary>
    public string? LpipsTrunkWeights { get; init; }

    /// <summary>torchvision VGG-16 weights: the trunk of R-LPIPS, and of LPIPS on <see cref="Net.Vgg"/>.</summary>
    public string? Vgg16Weights { get; init; }

    /// <summary>R-LPIPS lin weights (trained by <see cref="LpipsTrainer"/> with the robust option): adds <c>rlpips</c>.</summary>
    public string? RobustLpipsWeights { get; init; }

    /// <summary>A comma-separated list of metric names (<c>psnr,ssim,lpips</c>; any case, spaces ignored).</summary>
    /// <param name="list">The list.</param>
    /// <returns>The names, lower case, in the order given.</returns>
    /// <exception cref="ArgumentException">Empty, an unknown name or a name given twice; names <see cref="Metrics"/>.</exception>
    public static IReadOnlyList<string> ParseNames(string list)
    {
        Guard.NotNull(list);
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToLowerInvariant()).ToArray();
        if (!AreValid(names))
        {
            throw NotAList($"'{list}'");
        }

        return names;
    }

    /// <summary>Throws when the names or the weight files do not make a suite (before any file is read).</summary>
    /// <exception cref="ArgumentException">Unknown or repeated names, a listed learned metric without weights, weights of an unlisted one, a trunk missing.</exception>
    /// <exception cref="FileNotFoundException">A weight file that does not exist.</exception>
    public void Validate()
    {
        if (Metrics is not null && !AreValid(Metrics))
        {
            throw NotAList(string.Join(",", Metrics.Select(n => $"'{n}'")));
        }

        if (LpipsNet is Net net)
        {
            Guard.Defined(net, nameof(LpipsNet));
            if (LpipsWeights is null)
            {
                throw Named(new ArgumentException($"{nameof(LpipsNet)} needs {nameof(LpipsWeights)} (the lin weights of that net).", nameof(LpipsNet)), nameof(LpipsWeights));
            }
        }

        CheckListed(LpipsName, nameof(LpipsWeights), LpipsWeights);
        CheckListed(RobustLpipsName, nameof(RobustLpipsWeights), RobustLpipsWeights);
        if (LpipsWeights is not null)
        {
            _ = LpipsTrunk();
        }

        if (RobustLpipsWeights is not null)
        {
            _ = RobustLpipsTrunk();
        }

        foreach (var (file, setting) in new[] { (LpipsWeights, nameof(LpipsWeights)), (LpipsTrunkWeights, nameof(LpipsTrunkWeights)), (Vgg16Weights, nameof(Vgg16Weights)), (RobustLpipsWeights, nameof(RobustLpipsWeights)) })
        {
            if (file is not null)
            {
                try
                {
                    Guard.FileExists(file, setting);
                }
                catch (FileNotFoundException e)
                {
                    throw Named(e, setting);
                }
            }
        }
    }

    /// <summary>The names that will be scored, in output order (checked by <see cref="Validate"/> first).</summary>
    public IReadOnlyList<string> Resolved()
    {
        Validate();
        return Metrics ?? Names.Where(n => n switch
        {
            LpipsName => LpipsWeights is not null,
            RobustLpipsName => RobustLpipsWeights is not null,
            _ => true,
        }).ToArray();
    }

    /// <summary>
    /// The suite of <see cref="Resolved"/>: the full-reference metrics (SSIM with <see cref="SsimOptions.Wang2004"/>) and
    /// the learned ones, loaded from their files with <see cref="LpipsInputRange.ZeroToOne"/> (the suite gives them the
    /// RGB pair in [0,1], <see cref="SuiteInput.Rgb"/>). The suite owns and disposes the networks it loaded.
    /// </summary>
    /// <param name="options">Preparation options of every metric.</param>
    /// <param name="device">Where the learned networks run (CPU when null).</param>
    /// <exception cref="ArgumentException">What <see cref="Validate"/> or <paramref name="options"/> refuse, or a weight file for another net (naming the property).</exception>
    public MetricSuite CreateSuite(MetricOptions options, Device? device = null)
    {
        Guard.NotNull(options);
        options.Validate();
        var names = Resolved();
        var networks = new List<Lpips>();
        try
        {
            var metrics = new List<SuiteMetric>(names.Count);
            foreach (string name in names)
            {
                metrics.Add(name switch
                {
                    LpipsName => Learned(name, LpipsNet ?? Net.Vgg, LpipsTrunk(), LpipsWeights!, nameof(LpipsWeights), LpipsTrunkWeights is null ? nameof(Vgg16Weights) : nameof(LpipsTrunkWeights)),
                    RobustLpipsName => Learned(name, Net.Vgg, RobustLpipsTrunk(), RobustLpipsWeights!, nameof(RobustLpipsWeights), Vgg16Weights is null ? nameof(LpipsTrunkWeights) : nameof(Vgg16Weights)),
                    _ => SuiteMetric.FullReference.Single(m => m.Name == name),
                });
            }

            return new MetricSuite(options, metrics, networks, validated: true);
        }
        catch
        {
            foreach (var network in networks)
            {
                network.Dispose();
            }

            throw;
        }

        SuiteMetric Learned(string name, LpipsNet net, string trunk, string lin, string linSetting, string trunkSetting)
        {
            try
            {
                var lpips = LpipsFactory.Create(net, trunk, lin, LpipsInputRange.ZeroToOne, device);
                networks.Add(lpips);
                return SuiteMetric.Learned(name, lpips);
            }
            catch (ArgumentException e) when (e.ParamName is "linWeights" or "trunkWeights")
            {
                // The factory names its parameters; the user set these properties.
                string setting = e.ParamName == "linWeights" ? linSetting : trunkSetting;
                string message = e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)
                    .Replace($"{e.ParamName}:", $"{setting}:", StringComparison.Ordinal)
                    .Replace("choose the net the file is for", $"choose the net the file is for with {nameof(LpipsNet)}", StringComparison.Ordinal);
                throw Named(new ArgumentException(message, setting, e), nameof(LpipsNet));
            }
        }
    }

    /// <summary>The trunk file of LPIPS: <see cref="LpipsTrunkWeights"/>, or <see cref="Vgg16Weights"/> for the VGG trunk.</summary>
    private string LpipsTrunk()
    {
        var net = LpipsNet ?? Net.Vgg;
        return LpipsTrunkWeights ?? (net == Net.Vgg ? Vgg16Weights : null)
            ?? throw Named(new ArgumentException($"{nameof(LpipsWeights)} with {nameof(LpipsNet)} {MetricSettingNames.LpipsNet.Name(net)} needs {nameof(LpipsTrunkWeights)} ({TrunkFile(net)}, the LPIPS trunk).", nameof(LpipsTrunkWeights)), nameof(LpipsWeights), nameof(LpipsNet));
    }

    /// <summary>The VGG-16 trunk of R-LPIPS: <see cref="Vgg16Weights"/>, or <see cref="LpipsTrunkWeights"/> when LPIPS is on VGG too.</summary>
    private string RobustLpipsTrunk() =>
        Vgg16Weights ?? ((LpipsNet ?? Net.Vgg) == Net.Vgg ? LpipsTrunkWeights : null)
        ?? throw Named(new ArgumentException($"{nameof(RobustLpipsWeights)} needs {nameof(Vgg16Weights)} (torchvision VGG-16, the R-LPIPS trunk).", nameof(Vgg16Weights)), nameof(RobustLpipsWeights));

    private void CheckListed(string metric, string setting, string? weights)
    {
        bool listed = Metrics?.Contains(metric, StringComparer.Ordinal) ?? weights is not null;
        if (listed && weights is null)
        {
            throw Named(new ArgumentException($"{nameof(Metrics)} lists {metric}, which needs {setting}.", setting), nameof(Metrics));
        }

        if (!listed && weights is not null)
        {
            throw Named(new ArgumentException($"{setting} is given but {nameof(Metrics)} does not list {metric}; add it or drop {setting}.", setting), nameof(Metrics));
        }
    }

    private static bool AreValid(IReadOnlyCollection<string> names) =>
        names.Count > 0 && names.All(n => Names.Contains(n, StringComparer.Ordinal)) && names.Distinct(StringComparer.Ordinal).Count() == names.Count;

    private static ArgumentException NotAList(string given, string setting = nameof(Metrics)) =>
        Named(new ArgumentException($"{setting} must be a comma-separated list of distinct names from: {string.Join(", ", Names)}; got {given}.", setting));

    private static TException Named<TException>(TException error, params string[] settings)
        where TException : ArgumentException =>
        error.Naming(settings.Prepend(error.ParamName!));

    private static FileNotFoundException Named(FileNotFoundException error, string setting) => error.Naming(new[] { setting });

    private static string TrunkFile(Net net) => net switch
    {
        Net.Alex => "torchvision alexnet-owt-7be5be79.pth",
        Net.Squeeze => "torchvision squeezenet1_1-b8a52dc0.pth",
        _ => "torchvision vgg16-397923af.pth",
    };
}
