using System.IO;
using PerceptualLosses.Imaging;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Data;

/// <summary>Writes small seeded PNGs for the data tests.</summary>
internal static class DataTestImages
{
    public static string Write(string folder, string relativePath, int height, int width, int seed)
    {
        string path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var generator = new Generator((ulong)seed);
        using var image = rand(new long[] { 3, height, width }, generator: generator);
        ImageIO.Save(image, path);
        return path;
    }
}
