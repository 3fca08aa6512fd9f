using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Study.Classifiers;
using PerceptualLosses.Study.Runs;
using PerceptualLosses.Runtime;
using PerceptualLosses.Models;
using PerceptualLosses.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual train-classifier</c>: standard or adversarial training of a registered architecture.</summary>
internal static class TrainClassifierCommand
{
    /// <summary>File next to the weights that records how to rebuild the model.</summary>
    public const string ArchitectureFile = ClassifierArchitecture.FileName;

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
            {
                TorchRuntime.EnsureLoaded();
                if (parse.GetValue(threads) > 0)
                {
                    set_num_threads(parse.GetValue(threads));
                }

                manual_seed(parse.GetValue(seed));
                var objective = AdversarialTrainingOptions.Presets[parse.GetValue(adversarial)!];
                if (parse.GetValue(epsilon) is double eps)
                {
                    objective = objective.WithEpsilon(eps);
                }

                var scheduleValue = TrainingSettingNames.Schedule.Parse(parse.GetValue(schedule));
                string archName = parse.GetValue(arch)!;
                bool rgb = ArchitectureRegistry.NeedsRgb(archName);
                string dataPath = parse.GetValue(data)!;
                bool idx = LabelledImages.IsIdx(dataPath, train: true);
                int size = parse.GetValue(imageSize) > 0 ? parse.GetValue(imageSize) : idx ? ArchitectureRegistry.MinimumImageNetStyleSize : 224;
                using var images = InputFiles.Load("--data", dataPath, path => LabelledImages.Open(path, new LabelledImagesOptions(Train: true, parse.GetValue(limit), Resize: 0, Crop: size, Rgb: rgb)));
                int numClasses = images.NumClasses;
                var target = DeviceSelector.Parse(parse.GetValue(device)!);
                var model = ArchitectureRegistry.Create(archName, images.Channels, images.ImageSize, numClasses, parse.GetValue(width));
                model.to(target);
                var options = new ClassifierTrainingOptions(parse.GetValue(epochs), objective, parse.GetValue(lr), Schedule: scheduleValue, CheckpointEvery: parse.GetValue(checkpointEvery));
                var trainer = new AdversarialTrainer(model, options);
                string outDir = parse.GetValue(output)!;
                Directory.CreateDirectory(outDir);
                bool resumed = parse.GetValue(resume) && trainer.TryResume(Path.Combine(outDir, "checkpoint"));
                double lastLoss = double.NaN;
                ulong baseSeed = (ulong)parse.GetValue(seed);
                int batch = parse.GetValue(batchSize);
                long stepsPerEpoch = (images.Count + batch - 1) / batch;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                SpectreProgress.Instance.Run($"train-classifier {archName} ({parse.GetValue(adversarial)})", stepsPerEpoch * options.Epochs, report =>
                {
                    report(trainer.Step, resumed ? $"resumed at epoch {trainer.Epoch + 1}, batch {trainer.StepInEpoch}" : "");
                    var progress = new SynchronousProgress<TrainingProgress>(p =>
                    {
                        lastLoss = p.Loss;
                        report(p.Step, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"epoch {p.Epoch + 1}/{options.Epochs} loss {p.Loss:F4} lr {p.LearningRate:G3} {p.ExamplesPerSecond:F0} img/s"));
                    });
                    trainer.Train(e => images.Batches(batch, shuffleSeed: baseSeed + (ulong)e, device: target), Path.Combine(outDir, "checkpoint"), progress);
                });
                string weights = Path.Combine(outDir, "model.bin");
                model.save(weights);
                var architecture = new ClassifierArchitecture(archName, images.Channels, images.ImageSize, numClasses, parse.GetValue(width));
                architecture.Write(Path.Combine(outDir, ArchitectureFile));
                var info = new Dictionary<string, object?>
                {
                    ["arch"] = architecture.Arch,
                    ["channels"] = architecture.Channels,
                    ["image_size"] = architecture.ImageSize,
                    ["num_classes"] = architecture.NumClasses,
                    ["width"] = architecture.Width,
                };
                var result = new Dictionary<string, object?>(info)
                {
                    ["weights"] = weights,
                    ["examples"] = images.Count,
                    ["data_format"] = images.Format,
                    ["epochs"] = options.Epochs,
                    ["steps"] = trainer.Step,
                    ["resumed"] = resumed,
                    ["objective"] = objective.ToString(),
                    ["last_loss"] = lastLoss,
                    ["seconds"] = clock.Elapsed.TotalSeconds,
                };
                Output.Write(result, parse.GetValue(json), "perceptual train-classifier");
                return 0;
            }
        });
        return command;
    }
}
