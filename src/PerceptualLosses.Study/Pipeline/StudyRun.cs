namespace PerceptualLosses.Study.Pipeline;

/// <summary>One EnhanceNet of the study: a loss, which VGG-19 it reads, and a seed.</summary>
/// <param name="Id">Folder-safe identifier (<c>EP-robust-seed0</c>).</param>
/// <param name="Loss">Loss preset or spec as configured (<c>EP</c>).</param>
/// <param name="Robust">Whether its VGG-19 is the robust one; null when the loss reads no VGG (E).</param>
/// <param name="Seed">Training seed.</param>
public sealed record StudyRun(string Id, string Loss, bool? Robust, int Seed)
{
    /// <summary>The model's name as the paper writes it: <c>EP</c>, <c>EP (robust)</c>.</summary>
    public string ModelName => Robust == true ? $"{Loss} (robust)" : Loss;
}
