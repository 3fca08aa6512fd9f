using System;
using System.Linq;
using PerceptualLosses.Data;
using PerceptualLosses.Imaging;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Examples;

/// <summary>
/// Trains your own network (<see cref="TinyUpscaler"/>, ×2 super-resolution) with a perceptual loss written as a spec
/// string, in your own training loop: random HR crops, MATLAB-bicubic LR, Adam.
/// </summary>
internal static class TrainWithLossSpecExample
{
    public const string Usage = "--images DIR --vgg-weights VGG19_FILE [--spec \"E + 0.1*P(relu2_2)\"] [--width-divisor 16] [--steps 30]";

    public static int Run(ExampleArguments args)
    {
        var files = ImageFolder.List(args.ExistingFolder("images"), recursive: false);
        string weights = args.ExistingFile("vgg-weights");
        string spec = args.Text("spec", "E + 0.1*P(relu2_2)");
        int steps = args.Integer("steps", 30);
        double width = 1.0 / args.Integer("width-divisor", 1);   // 16 for the repository's small VGG-19s (samples/data/weights)
        if (files.Count == 0)
        {
            throw new ArgumentException("--images: the folder has no images.", nameof(args));
        }

        using var scope = NewDisposeScope();
        manual_seed(0);
        var random = new Random(0);
        var images = files.Select(f => ImageIO.Load(f, ImageLoadOptions.ConvertToRgb)).ToArray();   // [3,H,W] each

        // The loss network: its file's classifier keys are not used by a features-only VGG; the report says so.
        Vgg vgg = ModelFactory.Vgg19(VggOptions.Vgg19FeaturesOnly with { WidthMultiplier = width }, weights, out WeightLoadReport load);
        Console.WriteLine($"VGG-19: {load.LoadedKeys.Count} tensors loaded, {load.DroppedKeys.Count} dropped ({string.Join(", ", load.DroppedKeys.Take(2))}…)");

        // One call: parses the spec and checks its layers against this network.
        var loss = CompositePerceptualLoss.FromSpec(spec, vgg);
        Console.WriteLine($"loss: {loss.Spec}");

        using var model = new TinyUpscaler();
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        model.train();
        double first = double.NaN, last = double.NaN;
        for (int step = 1; step <= steps; step++)
        {
            using var stepScope = NewDisposeScope();
            Tensor hr = stack(Enumerable.Range(0, 4).Select(_ => RandomCrop(images[random.Next(images.Length)], 48, random)).ToArray()); // [4,3,48,48]
            Tensor lr = MatlabResize.Imresize(hr, 0.5).clamp(0, 1);   // bicubic overshoots [0,1]; clip as a saved LR image would be
            optimizer.zero_grad();
            LossResult result = loss.Compute(model.call(lr), hr);
            result.Total.backward();
            optimizer.step();
            last = result.TotalValue;   // a double, whatever the loss dtype (float32 here)
            first = step == 1 ? last : first;
            if (step == 1 || step % 10 == 0 || step == steps)
            {
                string terms = string.Join(", ", result.Terms.Select(t => $"{t.Name} {t.NumericValue:G4}"));
                Console.WriteLine($"step {step}: total {last:G5} ({terms})");
            }
        }

        Console.WriteLine($"loss {first:G5} -> {last:G5} over {steps} steps");
        return double.IsFinite(last) ? 0 : 1;
    }

    private static Tensor RandomCrop(Tensor image, int size, Random random)
    {
        if (image.shape[1] < size || image.shape[2] < size)
        {
            throw new ArgumentException($"--images: every image must be at least {size}×{size}; one is [{string.Join(",", image.shape)}].", nameof(image));
        }

        int top = random.Next((int)image.shape[1] - size + 1), left = random.Next((int)image.shape[2] - size + 1);
        return image.narrow(1, top, size).narrow(2, left, size);
    }
}
