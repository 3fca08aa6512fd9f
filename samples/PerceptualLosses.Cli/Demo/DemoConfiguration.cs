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
    double LearningRate = 1e-3,
    int Scale = 4);
