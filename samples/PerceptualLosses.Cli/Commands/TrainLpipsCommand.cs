using System;
using System.CommandLine;
using PerceptualLosses.Metrics;
using PerceptualLosses.Runtime;
using PerceptualLosses.Study.Runs;

namespace PerceptualLosses.Cli.Commands;

/// <summary>
/// <c>perceptual train-lpips</c>: LPIPS v0.1 (VGG-16) 2AFC training on BAPPS-format folders, or R-LPIPS with
/// <c>--robust</c> (PGD-10, L2, ε = 1.33 on the reference and both distortions); writes the lin weights in the reference
/// layout (<c>lin.pth</c>) for <c>perceptual metrics --lpips-weights/--rlpips-weights</c> and the study.
/// </summary>
internal static class TrainLpipsCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "BAPPS 2AFC set folders with ref/, p0/, p1/, judge/ (e.g. 2afc/train/traditional 2afc/train/cnn 2afc/train/mix).", Required = true, AllowMultipleArgumentsPerToken = true }.MustBeFolder("a BAPPS 2AFC folder (ref/, p0/, p1/, judge/)");
        var val = new Option<string[]>("--val") { Description = "BAPPS 2AFC validation set folders: 2AFC agreement after training.", AllowMultipleArgumentsPerToken = true }.MustBeFolder("a BAPPS 2AFC folder (ref/, p0/, p1/, judge/)");
        var vgg16 = new Option<string>("--vgg16-weights") { Description = "torchvision VGG-16 weights (the fixed trunk).", Required = true }.MustBeFile("torchvision VGG-16 weights");
        var robust = new Option<bool>("--robust") { Description = "Train R-LPIPS: PGD-10, L2, ε = 1.33 on all three images before each step (the paper's)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs at the base rate (reference: 5).", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var decay = new Option<int>("--decay-epochs") { Description = "Epochs of linear decay (reference: 5).", DefaultValueFactory = _ => 5 }.AtLeast(0);
        var lr = new Option<double>("--lr") { Description = "Adam learning rate (reference: 1e-4).", DefaultValueFactory = _ => 1e-4 }.Positive();
        var batchSize = CommonOptions.BatchSize("Triplets per batch (reference: 50).", 50);
        var output = new Option<string>("--out") { Description = "Output folder (lin.pth, checkpoint/); a rerun resumes from its checkpoint.", Required = true };
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("train-lpips", "Train LPIPS (or R-LPIPS with --robust) lin layers on BAPPS 2AFC folders.")
        {
            data, val, vgg16, robust, epochs, decay, lr, batchSize, output, seed, device, json,
        };
        command.SetAction(parse =>
        {
            var training = (parse.GetValue(robust) ? LpipsTrainingOptions.PaperRobust : LpipsTrainingOptions.Reference) with
            {
                Epochs = parse.GetValue(epochs),
                DecayEpochs = parse.GetValue(decay),
                LearningRate = parse.GetValue(lr),
                Seed = parse.GetValue(seed),
            };
            var run = new LpipsTrainingRun(parse.GetValue(data)!, parse.GetValue(val) ?? Array.Empty<string>(), parse.GetValue(vgg16)!, training, parse.GetValue(batchSize));
            run.Validate(); // before torch is loaded or any file is read
            TorchRuntime.EnsureLoaded();
            var result = LpipsTrainingRunner.Train(run, parse.GetValue(output)!, DeviceSelector.Parse(parse.GetValue(device)!), SpectreProgress.Instance);
            Output.Write(result, parse.GetValue(json), "perceptual train-lpips");
            return 0;
        });
        return command;
    }
}
