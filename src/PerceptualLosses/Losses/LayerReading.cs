namespace PerceptualLosses.Losses;

/// <summary>
/// Which VGG-19 layers the paper's presets use. The paper says P uses "the second and the fifth convolutional layer
/// (after applying the ReLU)" and T "the first, the third and the fifth convolutional layer", and that these
/// "hyperparameters were taken from the original works" (EnhanceNet).
/// </summary>
public enum LayerReading
{
    /// <summary>
    /// EnhanceNet's own layers (Sajjadi et al. 2017, supplement Table 2): P on <c>pool2</c> (λ 0.2) and <c>pool5</c>
    /// (λ 0.02); T on <c>relu1_1</c>, <c>relu2_1</c>, <c>relu3_1</c> (EnhanceNet's Caffe/TensorFlow <c>conv1.1, conv2.1,
    /// conv3.1</c>, whose blobs hold the rectified maps). The default: the paper states that it takes its hyperparameters
    /// from EnhanceNet, and its λ values are EnhanceNet's, which were tuned for these layers.
    /// </summary>
    EnhanceNet,

    /// <summary>
    /// The paper's text read literally, counting VGG-19 convolutions: P on <c>relu1_2</c> and <c>relu3_1</c>
    /// (2nd and 5th conv, after ReLU); T on <c>relu1_1</c>, <c>relu2_1</c>, <c>relu3_1</c> (1st, 3rd and 5th conv, rectified as
    /// in EnhanceNet).
    /// </summary>
    Literal,
}
