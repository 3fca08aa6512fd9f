// The first statement is a TorchSharp call. Main itself names no PerceptualLosses type (they are in UseLibrary, which
// the JIT compiles only when it is called), so the library's module initializer has not run when TorchSharp loads its
// native library: on Debian 12 and Ubuntu 22.04 this works only because the packages' build step wrote the
// weak-version libLibTorchSharp.so into the output folder.
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Runtime;
using static TorchSharp.torch;

Tensor image = rand(1, 3, 16, 16, generator: new Generator(7));
Console.WriteLine($"torch first: [{string.Join(",", image.shape)}] {image.dtype}");
return UseLibrary(image);

static int UseLibrary(Tensor image)
{
    NativeLoadReport native = TorchRuntime.EnsureLoaded();
    Console.WriteLine($"native: {native.Mode} {native.LoadedPath}");
    var loss = CompositePerceptualLoss.FromSpec("E", featureNetwork: null);
    Tensor distorted = (image + 0.1).clamp(0, 1);
    double mse = loss.Compute(distorted, image).TotalValue;
    double[] psnr = new PsnrMetric().ComputeValues(distorted, image);
    Console.WriteLine($"E loss {mse:F5}, PSNR {psnr[0]:F2} dB");
    if (!(mse > 0 && psnr[0] > 10 && psnr[0] < 40))
    {
        Console.Error.WriteLine("unexpected values");
        return 1;
    }

    return 0;
}
