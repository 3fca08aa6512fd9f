using System;
using System.IO;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Classifiers;

/// <summary>Builds a study's classifier and loads its weights (TorchSharp format, torchvision state dict or robustness checkpoint, detected from the file).</summary>
public static class ClassifierFiles
{
    /// <summary>The classifier in eval mode on <paramref name="device"/>, for RGB images of <paramref name="imageSize"/>².</summary>
    /// <exception cref="ArgumentException">Missing weights file, unknown format, or weights that do not fit the architecture.</exception>
    public static nn.Module<Tensor, Tensor> Load(StudyClassifier classifier, int imageSize, Device device)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        if (!File.Exists(classifier.Weights))
        {
            throw new ArgumentException($"classifier '{classifier.Name}' ({(classifier.Robust ? "robust" : "normal")}): weights file '{classifier.Weights}' does not exist.", nameof(classifier));
        }

        var model = ArchitectureRegistry.Create(classifier.Architecture, 3, imageSize, classifier.NumClasses, classifier.Width);
        // Strict either way: a file of another architecture or class count fails with the keys that do not fit.
        RobustnessCheckpoint.LoadEitherLayout(model, classifier.Weights);

        model.to(device);
        model.eval();
        return model;
    }
}
