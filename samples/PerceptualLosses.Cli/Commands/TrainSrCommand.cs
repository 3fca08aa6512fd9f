using System;
using System.CommandLine;
using System.Linq;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Runs;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual train-sr</c>: trains an EnhanceNet with any loss spec, with checkpoints and exact resume.</summary>
internal static class TrainSrCommand
{
    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Folder of training images (MS-COCO style; searched recursively).", Required = true }.MustBeFolder("a folder of training images");
        var val = new Option<string>("--val") { Description = "Folder of validation HR images (LR made by MATLAB bicubic).", Required = true }.MustBeFolder("a folder of validation images");
        var loss = new Option<string>("--loss") { Description = "Loss spec: E, EP, EPT, ET, P, PT or weighted terms.", Required = true };
        var vggWeights = new Option<string?>("--vgg-weights") { Description = "VGG-19 weights for P and T terms." }.MustBeFile("a VGG-19 weights file");
        var robust = new Option<bool>("--robust") { Description = "--vgg-weights is a robustness-format (robust) checkpoint." };
        var layers = new Option<string>("--layers") { Description = "enhancenet | literal layer reading of the short names.", DefaultValueFactory = _ => SettingNames.Layers.Name(LayerReading.EnhanceNet) };
        layers.AcceptOnlyFromAmong(SettingNames.Layers.Names.ToArray());
        var steps = new Option<int>("--steps") { Description = "Optimizer steps in total.", Required = true }.AtLeast(1);
        var output = new Option<string>("--out") { Description = "Output folder (log.csv, checkpoint/, enhancenet.pth/.json).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --out." };
        var model = new Option<string>("--model") { Description = "paper (64 channels, 10 blocks) | tiny (8 channels, 2 blocks; CPU demos).", DefaultValueFactory = _ => SettingNames.Model.Name(EnhanceNetSize.Paper) };
        model.AcceptOnlyFromAmong(SettingNames.Model.Names.ToArray());
        var scale = new Option<int>("--scale") { Description = "Upscaling factor.", DefaultValueFactory = _ => 4 }.AtLeast(2);
        var patch = new Option<int>("--patch") { Description = "HR crop side.", DefaultValueFactory = _ => 128 }.AtLeast(1);
        var batch = CommonOptions.BatchSize("Batch size.", 16);
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-4 }.Positive();
        var validateEvery = new Option<int>("--validate-every") { Description = "Steps between validations.", DefaultValueFactory = _ => 1000 }.AtLeast(0);
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints.", DefaultValueFactory = _ => 1000 }.AtLeast(1);
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("train-sr", "Train an EnhanceNet super-resolution model with a perceptual loss.")
        {
            train, val, loss, vggWeights, robust, layers, steps, output, resume, model, scale, patch, batch, lr, validateEvery, checkpointEvery, seed, device, threads, json,
        };
        command.SetAction(parse =>
        {
            {
                var run = SuperResolutionRunSpec.Parse(new SuperResolutionRun(
                    parse.GetValue(train)!, parse.GetValue(val)!, parse.GetValue(loss)!, parse.GetValue(vggWeights), parse.GetValue(robust),
                    SettingNames.Layers.Parse(parse.GetValue(layers)), parse.GetValue(steps), SettingNames.Model.Parse(parse.GetValue(model)), parse.GetValue(scale), parse.GetValue(patch),
                    parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(validateEvery), parse.GetValue(checkpointEvery), parse.GetValue(seed)));
                Reproducibility.SetThreads(parse.GetValue(threads));
                var result = SuperResolutionRunner.Train(run, parse.GetValue(output)!, parse.GetValue(resume), DeviceSelector.Parse(parse.GetValue(device)!), SpectreProgress.Instance);
                Output.Write(result, parse.GetValue(json), "perceptual train-sr");
                return 0;
            }
        });
        return command;
    }
}
