using System.Linq;
using PerceptualLosses.Imaging;

namespace PerceptualLosses.Data;

/// <summary>How <see cref="SuperResolutionPairs"/> finds or makes the LR images.</summary>
/// <param name="LowResolutionFolder">Folder of given LR images matched by name; null: LR is made with MATLAB bicubic imresize (1/scale).</param>
/// <param name="HighResolutionSuffix">Suffix of HR file stems removed before matching (e.g. <c>_HR</c> in the Huang et al. <c>image_SRF_4</c> layout).</param>
/// <param name="LowResolutionSuffix">Suffix of LR file stems removed before matching (e.g. <c>_LR</c>).</param>
/// <param name="NonMultiple">Handling of HR sizes that are not multiples of the scale.</param>
/// <param name="Load">Colour conversions allowed when reading.</param>
/// <param name="Recursive">Search subfolders.</param>
public sealed record SuperResolutionPairsOptions(
    string? LowResolutionFolder = null,
    string HighResolutionSuffix = "",
    string LowResolutionSuffix = "",
    NonMultipleSize NonMultiple = NonMultipleSize.Crop,
    ImageLoadOptions? Load = null,
    bool Recursive = true)
{
    /// <summary>HR folder only; LR made by MATLAB bicubic; HR cropped to a multiple of the scale; gray/alpha converted.</summary>
    public static SuperResolutionPairsOptions Generated { get; } = new(Load: ImageLoadOptions.ConvertToRgb);

    /// <summary>The Huang et al. benchmark release layout: <c>*_HR.png</c> and <c>*_LR.png</c> in one <c>image_SRF_s</c> folder.</summary>
    public static SuperResolutionPairsOptions HuangLayout(string folder) =>
        new(LowResolutionFolder: folder, HighResolutionSuffix: "_HR", LowResolutionSuffix: "_LR", Load: ImageLoadOptions.ConvertToRgb);

    /// <summary>
    /// <see cref="HuangLayout"/> when <paramref name="folder"/> holds both <c>*_HR</c> and <c>*_LR</c> images (the
    /// benchmark release of Set5 … Urban100), else <see cref="Generated"/> (plain HR folders, LR made by MATLAB bicubic).
    /// </summary>
    public static SuperResolutionPairsOptions Detect(string folder)
    {
        var stems = ImageFolder.List(folder).Select(System.IO.Path.GetFileNameWithoutExtension).ToArray();
        bool huang = stems.Any(s => s!.EndsWith("_HR", System.StringComparison.Ordinal)) && stems.Any(s => s!.EndsWith("_LR", System.StringComparison.Ordinal));
        return huang ? HuangLayout(folder) : Generated;
    }
}
