using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace PerceptualLosses.Runtime;

/// <summary>
/// Edits the GNU version-need table (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared object.
/// </summary>
/// <remarks>
/// Setting <c>VER_FLG_WEAK</c> on a version-need entry tells glibc's loader that a missing version
/// is not fatal (glibc <c>elf/dl-version.c</c>, <c>match_symbol</c>). This is how a libLibTorchSharp built
/// against GCC 13 (which only references <c>GLIBCXX_3.4.32</c> through the unused anchor symbol
/// <c>_ZSt21ios_base_library_initv</c>) loads on Debian 12 / Ubuntu 22.04.
/// Layouts follow the System V gABI and the LSB "Symbol Versioning" chapter.
/// </remarks>
internal static class ElfVersionPatcher
{
    /// <summary>ELF flag on a Vernaux entry: a weak version reference.</summary>
    public const ushort VerFlagWeak = 0x2;

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const int VernauxFlagsOffset = 4;

    /// <summary>One required version of one needed library.</summary>
    public sealed record VersionNeed(string Library, string Version, ushort Flags, int FlagsOffset)
    {
        /// <summary>Whether the entry carries <c>VER_FLG_WEAK</c>.</summary>
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    /// <summary>Lists every version-need entry of <paramref name="image"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a 64-bit little-endian ELF file with a version-need section.</exception>
    public static IReadOnlyList<VersionNeed> ReadVersionNeeds(ReadOnlySpan<byte> image)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new FormatException("Not an ELF file (bad magic).");
        }

        if (image[4] != 2 || image[5] != 1)
        {
            throw new FormatException("Only 64-bit little-endian ELF files are supported.");
        }

        ulong sectionTable = ReadU64(image, 0x28);
        int entrySize = ReadU16(image, 0x3A);
        int sectionCount = ReadU16(image, 0x3C);
        if (sectionTable == 0 || sectionCount == 0 || entrySize < 64)
        {
            throw new FormatException("The ELF file has no section header table.");
        }

        for (int i = 0; i < sectionCount; i++)
        {
            int header = Checked(image, sectionTable + (ulong)(i * entrySize), 64);
            if (ReadU32(image, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            int offset = Checked(image, ReadU64(image, header + 0x18), 0);
            int link = (int)ReadU32(image, header + 0x28);
            int stringHeader = Checked(image, sectionTable + (ulong)(link * entrySize), 64);
            int strings = Checked(image, ReadU64(image, stringHeader + 0x18), 0);
            return ReadNeeds(image, offset, strings);
        }

        throw new FormatException("The ELF file has no .gnu.version_r (SHT_GNU_verneed) section.");
    }

    /// <summary>
    /// Marks the version-need entries named in <paramref name="versions"/> as weak, in place.
    /// </summary>
    /// <returns>The versions that were found (and are now weak).</returns>
    public static IReadOnlyList<string> MarkWeak(Span<byte> image, IReadOnlyCollection<string> versions)
    {
        var patched = new List<string>();
        foreach (var need in ReadVersionNeeds(image))
        {
            if (!Contains(versions, need.Version))
            {
                continue;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(image.Slice(need.FlagsOffset, 2), (ushort)(need.Flags | VerFlagWeak));
            patched.Add(need.Version);
        }

        return patched;
    }

    private static bool Contains(IReadOnlyCollection<string> set, string value)
    {
        foreach (var item in set)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static List<VersionNeed> ReadNeeds(ReadOnlySpan<byte> image, int sectionOffset, int strings)
    {
        var result = new List<VersionNeed>();
        int need = sectionOffset;
        while (true)
        {
            Checked(image, (ulong)need, 16);
            int count = ReadU16(image, need + 2);
            string file = ReadString(image, strings + (int)ReadU32(image, need + 4));
            int aux = need + (int)ReadU32(image, need + 8);
            for (int j = 0; j < count; j++)
            {
                Checked(image, (ulong)aux, 16);
                ushort flags = ReadU16(image, aux + VernauxFlagsOffset);
                string name = ReadString(image, strings + (int)ReadU32(image, aux + 8));
                result.Add(new VersionNeed(file, name, flags, aux + VernauxFlagsOffset));
                uint nextAux = ReadU32(image, aux + 12);
                if (nextAux == 0)
                {
                    break;
                }

                aux += (int)nextAux;
            }

            uint next = ReadU32(image, need + 12);
            if (next == 0)
            {
                return result;
            }

            need += (int)next;
        }
    }

    private static int Checked(ReadOnlySpan<byte> image, ulong offset, int length)
    {
        if (offset > (ulong)image.Length || (ulong)image.Length - offset < (ulong)length)
        {
            throw new FormatException($"ELF structure at offset {offset} runs past the end of the file.");
        }

        return (int)offset;
    }

    private static string ReadString(ReadOnlySpan<byte> image, int offset)
    {
        Checked(image, (ulong)offset, 1);
        int end = image[offset..].IndexOf((byte)0);
        if (end < 0)
        {
            throw new FormatException("Unterminated string in ELF string table.");
        }

        return Encoding.ASCII.GetString(image.Slice(offset, end));
    }

    private static ushort ReadU16(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(o, 2));

    private static uint ReadU32(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(o, 4));

    private static ulong ReadU64(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(o, 8));
}
