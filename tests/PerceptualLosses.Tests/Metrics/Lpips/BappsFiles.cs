using System;
using System.IO;
using System.Text;
using PerceptualLosses.Imaging;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>Writes BAPPS 2AFC set folders (ref/, p0/, p1/ images, judge/*.npy) for the LPIPS training tests.</summary>
internal static class BappsFiles
{
    /// <summary>
    /// A set of <paramref name="count"/> 32×32 triplets in <paramref name="folder"/>: one distortion weak, one strong,
    /// alternating between p0 and p1, with the judges preferring the weak one (0.9 or 0.1).
    /// </summary>
    public static string WriteSet(string folder, int count, int seed = 17)
    {
        foreach (string part in new[] { "ref", "p0", "p1", "judge" })
        {
            Directory.CreateDirectory(Path.Combine(folder, part));
        }

        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        for (int i = 0; i < count; i++)
        {
            var reference = rand(new long[] { 3, 32, 32 }, generator: generator) * 0.3 + 0.35;
            var weak = (reference + 0.03 * randn(new long[] { 3, 32, 32 }, generator: generator)).clamp(0, 1);
            var strong = (reference + 0.25 * randn(new long[] { 3, 32, 32 }, generator: generator)).clamp(0, 1);
            bool flip = i % 2 == 0;
            ImageIO.Save(reference, Path.Combine(folder, "ref", $"{i:000}.png"));
            ImageIO.Save(flip ? strong : weak, Path.Combine(folder, "p0", $"{i:000}.png"));
            ImageIO.Save(flip ? weak : strong, Path.Combine(folder, "p1", $"{i:000}.png"));
            WriteNpy(Path.Combine(folder, "judge", $"{i:000}.npy"), flip ? 0.9f : 0.1f);
        }

        return folder;
    }

    /// <summary>A one-value float32 .npy file (format version 1.0), as BAPPS judge files are.</summary>
    public static void WriteNpy(string path, float value)
    {
        string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }";
        header = header.PadRight(117) + "\n";
        using var file = File.Create(path);
        file.Write(new byte[] { 0x93 });
        file.Write(Encoding.ASCII.GetBytes("NUMPY"));
        file.Write(new byte[] { 1, 0, (byte)header.Length, 0 });
        file.Write(Encoding.ASCII.GetBytes(header));
        file.Write(BitConverter.GetBytes(value));
    }
}
