namespace PerceptualLosses.Losses;

/// <summary>The three loss families of the paper.</summary>
public enum LossTermKind
{
    /// <summary>E: pixel-wise mean squared error.</summary>
    Pixel,

    /// <summary>P: feature reconstruction loss (Johnson et al. 2016) on one VGG layer.</summary>
    Feature,

    /// <summary>T: patch-wise Gram texture matching loss (Sajjadi et al. 2017) on one VGG layer.</summary>
    Texture,
}
