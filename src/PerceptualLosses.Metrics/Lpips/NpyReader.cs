using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PerceptualLosses.Common;

namespace PerceptualLosses.Metrics;

/// <summary>Reads NumPy <c>.npy</c> files (format versions 1–3) of float32/float64 little-endian, C order — what BAPPS judge files are.</summary>
public static partial class NpyReader
{
    /// <summary>Reads the array as float64 values with its shape.</summary>
    /// <exception cref="InvalidDataException">Not a supported .npy file; the message says what was found.</exception>
    public static (double[] Values, long[] Shape) Read(string path)
    {
        Guard.NotNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"path: .npy file '{path}' does not exist.", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{path} is not a .npy file (bad magic).");
        }

        int major = bytes[6];
        int headerLength;
        int offset;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
            offset = 10;
        }
        else if (major is 2 or 3)
        {
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8, 4)));
            offset = 12;
        }
        else
        {
            throw new InvalidDataException($"{path}: unsupported .npy format version {major}.");
        }

        string header = Encoding.Latin1.GetString(bytes, offset, headerLength);
        string descr = Field(header, "descr", path);
        if (Field(header, "fortran_order", path).Trim() != "False")
        {
            throw new InvalidDataException($"{path}: Fortran-ordered arrays are not supported.");
        }

        long[] shape = ShapePattern().Match(header) is { Success: true } m
            ? m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : throw new InvalidDataException($"{path}: header has no shape: {header}");
        long count = shape.Aggregate(1L, (a, b) => a * b);
        int data = offset + headerLength;
        int size = descr switch
        {
            "'<f4'" => 4,
            "'<f8'" => 8,
            _ => throw new InvalidDataException($"{path}: dtype {descr} is not supported (expected little-endian float32 '<f4' or float64 '<f8')."),
        };
        if (bytes.Length - data < count * size)
        {
            throw new InvalidDataException($"{path}: truncated: {count} values of {size} bytes expected.");
        }

        var values = new double[count];
        for (long i = 0; i < count; i++)
        {
            var span = bytes.AsSpan(data + (int)(i * size), size);
            values[i] = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(span) : BinaryPrimitives.ReadDoubleLittleEndian(span);
        }

        return (values, shape);
    }

    private static string Field(string header, string name, string path)
    {
        var match = Regex.Match(header, $"'{name}':\\s*('[^']*'|[A-Za-z]+)");
        return match.Success ? match.Groups[1].Value : throw new InvalidDataException($"{path}: header has no '{name}': {header}");
    }

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
