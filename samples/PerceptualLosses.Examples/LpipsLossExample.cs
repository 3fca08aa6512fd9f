using System;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Examples;

/// <summary>
/// LPIPS as a loss: its distance is differentiable, so gradient descent on the pixels of a degraded image (or on a
/// network's weights) pulls it towards the reference. Give the official LPIPS v0.1 lin weights and torchvision's VGG-16.
/// </summary>
internal static class LpipsLossExample
{
    public const string Usage = "--image FILE --vgg16-weights VGG16_FILE --lpips-weights LIN_FILE [--steps 20]";

    public static int Run(ExampleArguments args)
    {
        string imagePath = args.ExistingFile("image");
        using var lpips = LpipsFactory.Vgg16(args.ExistingFile("vgg16-weights"), args.ExistingFile("lpips-weights"), LpipsInputRange.ZeroToOne);
        int steps = args.Integer("steps", 20);
        foreach (var parameter in lpips.parameters())
        {
            parameter.requires_grad = false;   // only the image is optimised
        }

        using var scope = NewDisposeScope();
        Tensor reference = ImageIO.LoadBatch(new[] { imagePath }, ImageLoadOptions.ConvertToRgb);      // [1,3,H,W]
        Tensor blurred = nn.functional.avg_pool2d(reference, 5, stride: 1, padding: 2, count_include_pad: false);
        var x = new TorchSharp.Modules.Parameter(blurred.clone(), requires_grad: true);
        var optimizer = optim.Adam(new[] { x }, lr: 0.01);
        double before = lpips.ComputeMean(blurred, reference), after = before;   // a double, whatever LPIPS's dtype
        for (int step = 1; step <= steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor distance = lpips.Compute(x, reference).mean();   // [B] → scalar, float32
            distance.backward();
            optimizer.step();
            using (no_grad())
            {
                x.clamp_(0, 1);   // keep a valid image
            }

            after = distance.detach().item<float>();   // LPIPS stays in the network's float32
        }

        Console.WriteLine($"LPIPS(reference, blurred) = {before:F4}; after {steps} Adam steps on the pixels: {after:F4}");
        return after < before ? 0 : 1;
    }
}
