// MSBuild inline task (RoslynCodeTaskFactory) shipped in the PerceptualLosses packages; see
// PerceptualLosses.NativeLoading.targets. Compiled against netstandard by MSBuild, so it uses arrays, not spans.
// It does what PerceptualLosses.Runtime.ElfVersionPatcher does at run time: set VER_FLG_WEAK (0x2) on named
// entries of the GNU version-need table (.gnu.version_r) of a 64-bit little-endian ELF file
// (System V gABI; LSB "Symbol Versioning"; glibc elf/dl-version.c treats a missing weak version as non-fatal).
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PerceptualLossesWeakenElfVersions : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string Versions { get; set; } = string.Empty;

    public override bool Execute()
    {
        var wanted = new HashSet<string>(Versions.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            if (!File.Exists(path))
            {
                Log.LogMessage(MessageImportance.Low, "PerceptualLosses: {0} does not exist; nothing to patch.", path);
                continue;
            }

            try
            {
                byte[] image = File.ReadAllBytes(path);
                List<string> changed = MarkWeak(image, wanted, out List<string> alreadyWeak);
                if (changed.Count == 0)
                {
                    Log.LogMessage(MessageImportance.Low, "PerceptualLosses: {0} needs no change (already weak: {1}).", path, string.Join(", ", alreadyWeak));
                    continue;
                }

                // A new file replaces the copy: the NuGet cache file behind a hard link is never modified.
                string temporary = path + ".perceptuallosses.tmp";
                File.WriteAllBytes(temporary, image);
                File.Delete(path);
                File.Move(temporary, path);
                Log.LogMessage(MessageImportance.Normal, "PerceptualLosses: marked {0} weak in {1} (loads on libstdc++ without it, e.g. Debian 12, Ubuntu 22.04).", string.Join(", ", changed), path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException)
            {
                Log.LogWarning(null, "PL0001", null, path, 0, 0, 0, 0,
                    "PerceptualLosses could not mark {0} weak in this file ({1}). On Linux without GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04) call PerceptualLosses.Runtime.TorchRuntime.EnsureLoaded() before the first TorchSharp call.",
                    Versions, e.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }

    private static List<string> MarkWeak(byte[] image, HashSet<string> wanted, out List<string> alreadyWeak)
    {
        alreadyWeak = new List<string>();
        var changed = new List<string>();
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new FormatException("not an ELF file");
        }

        if (image[4] != 2 || image[5] != 1)
        {
            throw new FormatException("not a 64-bit little-endian ELF file");
        }

        long sections = (long)U64(image, 0x28);
        int entrySize = U16(image, 0x3A);
        int count = U16(image, 0x3C);
        for (int i = 0; i < count; i++)
        {
            long header = sections + (long)i * entrySize;
            if (U32(image, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            long need = (long)U64(image, header + 0x18);
            long stringHeader = sections + (long)U32(image, header + 0x28) * entrySize;
            long strings = (long)U64(image, stringHeader + 0x18);
            while (true)
            {
                int auxCount = U16(image, need + 2);
                long aux = need + U32(image, need + 8);
                for (int j = 0; j < auxCount; j++)
                {
                    ushort flags = U16(image, aux + 4);
                    string name = Text(image, strings + U32(image, aux + 8));
                    if (wanted.Contains(name))
                    {
                        if ((flags & VerFlagWeak) != 0)
                        {
                            alreadyWeak.Add(name);
                        }
                        else
                        {
                            ushort weak = (ushort)(flags | VerFlagWeak);
                            image[aux + 4] = (byte)weak;
                            image[aux + 5] = (byte)(weak >> 8);
                            changed.Add(name);
                        }
                    }

                    uint nextAux = U32(image, aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += nextAux;
                }

                uint next = U32(image, need + 12);
                if (next == 0)
                {
                    return changed;
                }

                need += next;
            }
        }

        throw new FormatException("no .gnu.version_r section");
    }

    private static void Check(byte[] b, long offset, int length)
    {
        if (offset < 0 || offset + length > b.Length)
        {
            throw new FormatException("ELF structure at offset " + offset + " runs past the end of the file");
        }
    }

    private static ushort U16(byte[] b, long o)
    {
        Check(b, o, 2);
        return (ushort)(b[o] | (b[o + 1] << 8));
    }

    private static uint U32(byte[] b, long o)
    {
        Check(b, o, 4);
        return (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));
    }

    private static ulong U64(byte[] b, long o) => U32(b, o) | ((ulong)U32(b, o + 4) << 32);

    private static string Text(byte[] b, long o)
    {
        long end = o;
        while (true)
        {
            Check(b, end, 1);
            if (b[end] == 0)
            {
                break;
            }

            end++;
        }

        return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
    }
}
