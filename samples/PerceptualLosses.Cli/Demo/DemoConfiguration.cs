using System.Collections.Generic;

namespace PerceptualLosses.Cli.Demo;

/// <summary>Everything that determines the demo's results; its JSON guards the output folder.</summary>
/// <param name="TrainImages">Folder of training images.</param>
/// <param name="TestImages">Folder of HR test images (one "dataset").</param>
/// <param name="Losses">Loss presets to train.</param>
/// <param name="VggWeights">Non-robust VGG-19 weights for P and T (null: only E is trained).</param>
/// <param name="RobustVggWeights">Robust VGG-19 weights (robustness format or plain state dict; null: no robust models).</param>
/// <param name="Steps">Training steps per model.</param>
/// <param name="Model">EnhanceNet size (tiny | paper).</param>
/// <param name="Patch">HR crop side.</param>
/// <param name="Batch">Batch size.</param>
/// <param name="Seeds">Training seeds (results are averaged over them).</param>
/// <param name="Classifiers">Labelled images (IDX folder) and classifier weights for Table 1 / Figure 1; null skips both.</param>
/// <param name="LearningRate">Adam learning rate (the demo uses 10× the paper's 1e-4 to get somewhere in a few hundred steps).</param>
/// <param name="Scale">SR factor.</param>
public sealed record DemoConfiguration(
    string TrainImages,
    string TestImages,
    IReadOnlyList<string> Losses,
    string? VggWeights,
    string? RobustVggWeights,
    int Steps,
    string Model,
    int Patch,
    int Batch,
    IReadOnlyList<int> Seeds,
    DemoClassifiers? Classifiers = null,
    double LearningRate = 1e-3,
    int Scale = 4);

/// <summary>The labelled data and classifiers of the demo's Table 1 and Figure 1.</summary>
/// <param name="IdxFolder">Folder with t10k-images/labels IDX files (grey; replicated to RGB and padded to 32×32).</param>
/// <param name="Models">Display name → (architecture, width, robust, TorchSharp weights file).</param>
/// <param name="Epsilon">L2 ε of the targeted PGD-50 evaluation, in [0,1] pixels.</param>
public sealed record DemoClassifiers(string IdxFolder, IReadOnlyList<DemoClassifier> Models, double Epsilon);

/// <summary>One classifier of the demo.</summary>
/// <param name="Name">Table row name.</param>
/// <param name="Architecture">ArchitectureRegistry name.</param>
/// <param name="Width">Channel multiplier.</param>
/// <param name="Robust">Adversarially trained.</param>
/// <param name="Weights">TorchSharp weights file.</param>
/// <param name="Judge">Used as a Figure 1 judge.</param>
public sealed record DemoClassifier(string Name, string Architecture, double Width, bool Robust, string Weights, bool Judge);
