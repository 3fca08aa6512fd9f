using System.Linq;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// The one place to build the library's networks, optionally with weights from a file and on a device.
/// Every model returned is in eval mode (call <c>train()</c> to train it); input conventions are on each model class.
/// </summary>
/// <remarks>
/// Weights: PyTorch <c>.pt/.pth</c> state dicts (e.g. torchvision's <c>vgg19-dcbb9e9d.pth</c>, <c>resnet50-0676ba61.pth</c>),
/// safetensors or TorchSharp files, loaded strictly through <see cref="ModelWeights"/>; MadryLab robustness checkpoints are
/// recognised by their <c>module.model.*</c>/normalizer keys and loaded through <see cref="RobustnessCheckpoint"/>.
/// Nothing is downloaded.
/// </remarks>
public static class ModelFactory
{
    /// <summary>VGG-19 (default: torchvision ImageNet architecture, input RGB [0,1] normalized inside).</summary>
    /// <param name="options">Architecture with Depth 19; <see cref="VggOptions.Vgg19ImageNet"/> when null.</param>
    /// <param name="weightsFile">Optional torchvision-format (or robustness) weights; strict load.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static Vgg Vgg19(VggOptions? options = null, string? weightsFile = null, Device? device = null) =>
        Vgg(options ?? VggOptions.Vgg19ImageNet, 19, weightsFile, device);

    /// <summary>VGG-16 (the LPIPS trunk; Johnson et al.'s loss network).</summary>
    /// <param name="options">Architecture with Depth 16; <see cref="VggOptions.Vgg16ImageNet"/> when null.</param>
    /// <param name="weightsFile">Optional torchvision-format weights; strict load.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static Vgg Vgg16(VggOptions? options = null, string? weightsFile = null, Device? device = null) =>
        Vgg(options ?? VggOptions.Vgg16ImageNet, 16, weightsFile, device);

    /// <summary>Any VGG configuration.</summary>
    /// <param name="options">Architecture.</param>
    /// <param name="weightsFile">Optional weights; for a features-only model the file's <c>classifier.*</c> entries are ignored (and reported).</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static Vgg Vgg(VggOptions options, string? weightsFile = null, Device? device = null) =>
        Vgg(Guard.NotNull(options), options.Depth, weightsFile, device);

    /// <summary>VGG-19 with weights, returning what the load did (e.g. the <c>classifier.*</c> keys a features-only model drops).</summary>
    /// <param name="options">Architecture with Depth 19; <see cref="VggOptions.Vgg19ImageNet"/> when null.</param>
    /// <param name="weightsFile">torchvision-format weights; strict load.</param>
    /// <param name="report">Loaded, dropped and renamed keys.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static Vgg Vgg19(VggOptions? options, string weightsFile, out WeightLoadReport report, Device? device = null) =>
        LoadVgg(options ?? VggOptions.Vgg19ImageNet, 19, Guard.NotNull(weightsFile), device, out report);

    /// <summary>VGG-16 with weights, returning what the load did.</summary>
    /// <param name="options">Architecture with Depth 16; <see cref="VggOptions.Vgg16ImageNet"/> when null.</param>
    /// <param name="weightsFile">torchvision-format weights; strict load.</param>
    /// <param name="report">Loaded, dropped and renamed keys.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static Vgg Vgg16(VggOptions? options, string weightsFile, out WeightLoadReport report, Device? device = null) =>
        LoadVgg(options ?? VggOptions.Vgg16ImageNet, 16, Guard.NotNull(weightsFile), device, out report);

    /// <summary>Any ResNet configuration with weights, returning what the load did.</summary>
    /// <param name="options">Architecture.</param>
    /// <param name="weightsFile">torchvision state dict or robustness checkpoint; strict load.</param>
    /// <param name="report">Loaded, dropped (e.g. normalizer buffers) and renamed keys.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static ResNet ResNet(ResNetOptions options, string weightsFile, out WeightLoadReport report, Device? device = null)
    {
        var model = new ResNet(Guard.NotNull(options));
        report = RobustnessCheckpoint.LoadEitherLayout(model, Guard.NotNull(weightsFile));
        return Finish(model, device);
    }

    /// <summary>EnhanceNet with weights, returning what the load did.</summary>
    /// <param name="options">Architecture; <see cref="EnhanceNetOptions.Paper"/> when null.</param>
    /// <param name="weightsFile">Weights saved from this class; strict load.</param>
    /// <param name="report">Loaded and renamed keys.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static EnhanceNet EnhanceNet(EnhanceNetOptions? options, string weightsFile, out WeightLoadReport report, Device? device = null)
    {
        var model = new EnhanceNet(options ?? EnhanceNetOptions.Paper);
        report = ModelWeights.Load(model, Guard.NotNull(weightsFile));
        return Finish(model, device);
    }

    /// <summary>ResNet-50 (default: torchvision ImageNet architecture; the paper's robust and non-robust judges).</summary>
    /// <param name="options">Architecture with Depth 50; <see cref="ResNetOptions.ResNet50ImageNet"/> when null.</param>
    /// <param name="weightsFile">Optional torchvision state dict or MadryLab robustness checkpoint (detected from its keys); strict load.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static ResNet ResNet50(ResNetOptions? options = null, string? weightsFile = null, Device? device = null)
    {
        options ??= ResNetOptions.ResNet50ImageNet;
        if (options.Depth != 50)
        {
            throw new System.ArgumentException($"options.Depth must be 50 for ResNet50; got {options.Depth}.", nameof(options));
        }

        return ResNet(options, weightsFile, device);
    }

    /// <summary>Any ResNet configuration.</summary>
    /// <param name="options">Architecture.</param>
    /// <param name="weightsFile">Optional torchvision state dict or robustness checkpoint; strict load.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static ResNet ResNet(ResNetOptions options, string? weightsFile = null, Device? device = null)
    {
        var model = new ResNet(Guard.NotNull(options));
        if (weightsFile is not null)
        {
            RobustnessCheckpoint.LoadEitherLayout(model, weightsFile);
        }

        return Finish(model, device);
    }

    /// <summary>EnhanceNet generator (default: the paper's ×4, 64 channels, 10 residual blocks).</summary>
    /// <param name="options">Architecture; <see cref="EnhanceNetOptions.Paper"/> when null.</param>
    /// <param name="weightsFile">Optional weights saved from this class (or a PyTorch model with the same parameter names); strict load.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static EnhanceNet EnhanceNet(EnhanceNetOptions? options = null, string? weightsFile = null, Device? device = null)
    {
        var model = new EnhanceNet(options ?? EnhanceNetOptions.Paper);
        if (weightsFile is not null)
        {
            ModelWeights.Load(model, weightsFile);
        }

        return Finish(model, device);
    }

    /// <summary>AlexNet in torchvision's layout (<c>alexnet-owt-7be5be79.pth</c>); the LPIPS package's default trunk.</summary>
    /// <param name="weightsFile">Optional torchvision-format weights; strict load (without a classifier, <c>classifier.*</c> entries are ignored and reported).</param>
    /// <param name="includeClassifier">False builds <c>features</c> only.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static AlexNet AlexNet(string? weightsFile = null, bool includeClassifier = true, Device? device = null)
    {
        var model = new Models.AlexNet(includeClassifier: includeClassifier);
        LoadTorchvision(model, weightsFile, includeClassifier);
        return Finish(model, device);
    }

    /// <summary>SqueezeNet 1.1 in torchvision's layout (<c>squeezenet1_1-b8a52dc0.pth</c>).</summary>
    /// <param name="weightsFile">Optional torchvision-format weights; strict load (without a classifier, <c>classifier.*</c> entries are ignored and reported).</param>
    /// <param name="includeClassifier">False builds <c>features</c> only.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static SqueezeNet SqueezeNet(string? weightsFile = null, bool includeClassifier = true, Device? device = null)
    {
        var model = new Models.SqueezeNet(includeClassifier: includeClassifier);
        LoadTorchvision(model, weightsFile, includeClassifier);
        return Finish(model, device);
    }

    private static void LoadTorchvision(nn.Module model, string? weightsFile, bool includeClassifier)
    {
        if (weightsFile is not null)
        {
            var load = includeClassifier ? WeightLoadOptions.Default : WeightLoadOptions.Default with { IgnoredPrefixes = new[] { "classifier." } };
            ModelWeights.Load(model, weightsFile, load);
        }
    }

    private static Vgg Vgg(VggOptions options, int depth, string? weightsFile, Device? device) =>
        weightsFile is null ? Finish(NewVgg(options, depth), device) : LoadVgg(options, depth, weightsFile, device, out _);

    private static Vgg LoadVgg(VggOptions options, int depth, string weightsFile, Device? device, out WeightLoadReport report)
    {
        var model = NewVgg(options, depth);
        var load = options.IncludeClassifier ? WeightLoadOptions.Default : WeightLoadOptions.Default with { IgnoredPrefixes = new[] { "classifier." } };
        report = ModelWeights.Load(model, weightsFile, load);
        return Finish(model, device);
    }

    private static Vgg NewVgg(VggOptions options, int depth)
    {
        if (options.Depth != depth)
        {
            throw new System.ArgumentException($"options.Depth must be {depth}; got {options.Depth}.", nameof(options));
        }

        return new Vgg(options);
    }

    /// <summary>Moves a built or loaded model to <paramref name="device"/> (when given) and sets eval mode.</summary>
    internal static T Finish<T>(T model, Device? device)
        where T : nn.Module
    {
        if (device is not null)
        {
            model.to(device);
        }

        model.eval();
        return model;
    }
}
