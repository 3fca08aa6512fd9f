using System.Collections.Generic;

namespace PerceptualLosses.Study.Reporting;

/// <summary>The metrics of one upscaled image.</summary>
/// <param name="Loss">Training loss of the model (E, EP, EPT, ET, P, PT, or "bicubic").</param>
/// <param name="Robust">Whether its VGG-19 was robust; <c>null</c> when it used none (E, bicubic).</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Dataset">Benchmark set (Set5, …).</param>
/// <param name="Image">Image file name.</param>
/// <param name="Metrics">Values by metric key (<c>psnr</c>, …).</param>
public sealed record EvaluationRecord(string Loss, bool? Robust, int Seed, string Dataset, string Image, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The model's name as the paper writes it: <c>EP</c>, <c>EP (robust)</c>.</summary>
    public string ModelName => Robust == true ? $"{Loss} (robust)" : Loss;
}
