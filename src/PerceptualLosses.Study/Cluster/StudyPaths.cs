using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Study.Pipeline;

namespace PerceptualLosses.Study.Cluster;

/// <summary>The file and folder paths a <see cref="StudyConfiguration"/> names, for jobs that run elsewhere.</summary>
public static class StudyPaths
{
    /// <summary>Every path with the configuration key it sits at (<c>Datasets[0].Folder</c>).</summary>
    public static IReadOnlyList<(string Key, string Path)> List(StudyConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var c = configuration;
        var paths = new List<(string, string?)>
        {
            (nameof(c.TrainImages), c.TrainImages), (nameof(c.ValidationImages), c.ValidationImages),
            (nameof(c.VggWeights), c.VggWeights), (nameof(c.RobustVggWeights), c.RobustVggWeights),
        };
        paths.AddRange(c.Datasets.Select((d, i) => ($"Datasets[{i}].Folder", (string?)d.Folder)));
        if (c.Lpips is { } lpips)
        {
            paths.AddRange(new[] { ("Lpips.Vgg16Weights", (string?)lpips.Vgg16Weights), ("Lpips.LinWeights", lpips.LinWeights), ("Lpips.RobustLinWeights", lpips.RobustLinWeights) });
        }

        if (c.Classifiers is { } k)
        {
            paths.Add(("Classifiers.Data", k.Data));
            paths.AddRange(k.Models.Select((m, i) => ($"Classifiers.Models[{i}].Weights", (string?)m.Weights)));
        }

        if (c.Normalization is { } n)
        {
            paths.Add(("Normalization.Images", n.Images));
        }

        return paths.Where(p => p.Item2 is not null).Select(p => (p.Item1, p.Item2!)).ToArray();
    }

    /// <summary>The configuration with every relative path made absolute against <paramref name="folder"/>.</summary>
    public static StudyConfiguration Absolute(StudyConfiguration configuration, string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return Map(configuration, path => Path.GetFullPath(path, folder));
    }

    /// <summary>The configuration with every path replaced by <paramref name="map"/>'s value for it.</summary>
    public static StudyConfiguration Map(StudyConfiguration configuration, Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(map);
        string A(string path) => map(path);
        string? N(string? path) => path is null ? null : A(path);
        var c = configuration;
        return c with
        {
            TrainImages = A(c.TrainImages),
            ValidationImages = A(c.ValidationImages),
            VggWeights = N(c.VggWeights),
            RobustVggWeights = N(c.RobustVggWeights),
            Datasets = c.Datasets.Select(d => d with { Folder = A(d.Folder) }).ToArray(),
            Lpips = c.Lpips is null ? null : c.Lpips with { Vgg16Weights = A(c.Lpips.Vgg16Weights), LinWeights = A(c.Lpips.LinWeights), RobustLinWeights = N(c.Lpips.RobustLinWeights) },
            Classifiers = c.Classifiers is null ? null : c.Classifiers with { Data = A(c.Classifiers.Data), Models = c.Classifiers.Models.Select(m => m with { Weights = A(m.Weights) }).ToArray() },
            Normalization = c.Normalization is null ? null : c.Normalization with { Images = A(c.Normalization.Images) },
        };
    }
}
