namespace PerceptualLosses.Models;

/// <summary>Spatial pooling between VGG blocks.</summary>
public enum VggPooling
{
    /// <summary>2x2 max pooling, stride 2 (Simonyan and Zisserman 2015; torchvision).</summary>
    Max,

    /// <summary>2x2 average pooling, stride 2; Gatys et al. (2016) report it gives slightly better texture/style results.</summary>
    Average,
}
