using System;
using System.CommandLine;
using System.Linq;
using PerceptualLosses.Study.Runs;
using PerceptualLosses.Runtime;
using PerceptualLosses.Models;
using PerceptualLosses.Training;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual train-classifier</c>: standard or adversarial training of a registered architecture.</summary>
internal static class TrainClassifierCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "IDX folder (train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz)) or ImageNet-style class folder (root/<class>/<image>).", Required = true }.MustBeFolder("an IDX folder or a class folder");
        var imageSize = new Option<int>("--image-size") { Description = "Class folders: side of the random training crop (224 for ImageNet); IDX for vgg*/resnet*: the padded side.", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var arch = new Option<string>("--arch") { Description = $"Architecture: {string.Join(" | ", ArchitectureRegistry.Names)}.", DefaultValueFactory = _ => ArchitectureRegistry.SmallCnn };
        arch.AcceptOnlyFromAmong(ArchitectureRegistry.Names.ToArray());
        var adversarial = new Option<string>("--adversarial") { Description = "paper (0.5 CE clean + 0.5 CE adv + 0.5 ALP) | paper-adv-only (CE adv + 0.5 ALP) | madry | none", DefaultValueFactory = _ => "none" };
        adversarial.AcceptOnlyFromAmong(AdversarialTrainingOptions.Presets.Keys.ToArray());
        var epsilon = new Option<double?>("--epsilon") { Description = "Override the attack's L2 ε (α = 2.5ε/K); the presets use the paper's ImageNet ε = 5.82." }.Positive();
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 3 }.AtLeast(1);
        var width = new Option<double>("--width") { Description = "Channel multiplier of vgg*/resnet* (1 = torchvision; e.g. 0.0625 for a CPU demo). Grey IDX images are replicated to RGB and zero-padded to 32x32 for them.", DefaultValueFactory = _ => 1.0 }.Positive();
        var batchSize = CommonOptions.BatchSize("Images per step.", 64);
        var lr = new Option<double>("--lr") { Description = "SGD learning rate.", DefaultValueFactory = _ => 0.05 }.Positive();
        var schedule = new Option<string>("--schedule") { Description = string.Join(" | ", TrainingSettingNames.Schedule.Names), DefaultValueFactory = _ => TrainingSettingNames.Schedule.Name(LearningRateSchedule.Cosine) };
        schedule.AcceptOnlyFromAmong(TrainingSettingNames.Schedule.Names.ToArray());
        var limit = new Option<int>("--limit") { Description = "Use only the first N training images (0 = all).", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints inside an epoch (0: after each epoch only); --resume continues mid-epoch.", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var output = new Option<string>("--out") { Description = "Output folder (weights, checkpoint).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --out." };
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var device = CommonOptions.Device();
        var command = new Command("train-classifier", "Train a classifier, optionally adversarially (PGD + logit pairing).")
        {
            data, imageSize, arch, width, adversarial, epsilon, epochs, batchSize, lr, schedule, limit, checkpointEvery, output, resume, json, seed, threads, device,
        };
        command.SetAction(parse =>
        {
            var objective = AdversarialTrainingOptions.Presets[parse.GetValue(adversarial)!];
            if (parse.GetValue(epsilon) is double eps)
            {
                objective = objective.WithEpsilon(eps);
            }

            var training = new ClassifierTrainingOptions(
                parse.GetValue(epochs), objective, parse.GetValue(lr), Schedule: TrainingSettingNames.Schedule.Parse(parse.GetValue(schedule)), CheckpointEvery: parse.GetValue(checkpointEvery));
            var run = new ClassifierTrainingRun(
                parse.GetValue(data)!, parse.GetValue(arch)!, parse.GetValue(width), parse.GetValue(imageSize), parse.GetValue(limit), training, parse.GetValue(batchSize), parse.GetValue(seed));
            run.Validate(); // before torch is loaded or any file is read
            TorchRuntime.EnsureLoaded();
            Reproducibility.SetThreads(parse.GetValue(threads));
            var result = ClassifierTrainingRunner.Train(
                run, parse.GetValue(output)!, parse.GetValue(resume), DeviceSelector.Parse(parse.GetValue(device)!), SpectreProgress.Instance, $"train-classifier {run.Arch} ({parse.GetValue(adversarial)})");
            Output.Write(result, parse.GetValue(json), "perceptual train-classifier");
            return 0;
        });
        return command;
    }
}
