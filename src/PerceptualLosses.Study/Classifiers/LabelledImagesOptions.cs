namespace PerceptualLosses.Study.Classifiers;

/// <summary>How <see cref="LabelledImages"/> reads a labelled set.</summary>
/// <param name="Train">Training split and transform (IDX <c>train-*</c> files; class folders: RandomResizedCrop + flip) or evaluation (IDX <c>t10k-*</c>; Resize + CenterCrop).</param>
/// <param name="Limit">Use N images (0 = all): the first N of an IDX file, N spread evenly over a class folder.</param>
/// <param name="Resize">Class folders, evaluation: the shorter side is resized to this (256 for ImageNet).</param>
/// <param name="Crop">Class folders: crop side (224 for ImageNet); IDX with <paramref name="Rgb"/>: the padded side.</param>
/// <param name="Rgb">IDX: replicate grey to RGB and zero-pad to <paramref name="Crop"/> (for VGG/ResNet); false keeps 1×28×28.</param>
public sealed record LabelledImagesOptions(bool Train, int Limit, int Resize, int Crop, bool Rgb = true)
{
    /// <summary>ImageNet validation as torchvision evaluates it: Resize(256), CenterCrop(224).</summary>
    public static LabelledImagesOptions ImageNetEvaluation { get; } = new(false, 0, 256, 224);
}
