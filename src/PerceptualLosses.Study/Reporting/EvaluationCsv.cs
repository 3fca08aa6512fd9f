using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace PerceptualLosses.Study.Reporting;

/// <summary>
/// The per-image evaluation file: <c>loss,robust,seed,dataset,image</c> then one column per metric key
/// (<c>psnr,ssim,uqi,gmsd,ifc[,lpips][,rlpips]</c>), values in full precision.
/// </summary>
public static class EvaluationCsv
{
    private const int LabelColumns = 5;

    /// <summary>Reads the records of a file.</summary>
    /// <exception cref="InvalidDataException">Missing file, wrong header or a malformed row (with its line number).</exception>
    public static IReadOnlyList<EvaluationRecord> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Evaluation file '{path}' does not exist.");
        }

        var lines = File.ReadAllLines(path);
        var header = lines.Length > 0 ? lines[0].Split(',') : Array.Empty<string>();
        if (header.Length <= LabelColumns || header[0] != "loss")
        {
            throw new InvalidDataException($"{path}: expected a header 'loss,robust,seed,dataset,image,<metrics>'.");
        }

        var records = new List<EvaluationRecord>();
        for (int n = 1; n < lines.Length; n++)
        {
            var cells = lines[n].Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"{path}:{n + 1}: {cells.Length} cells; the header has {header.Length}.");
            }

            var metrics = new Dictionary<string, double>();
            for (int c = LabelColumns; c < header.Length; c++)
            {
                metrics[header[c]] = double.Parse(cells[c], CultureInfo.InvariantCulture);
            }

            bool? robust = cells[1].Length == 0 ? null : bool.Parse(cells[1]);
            records.Add(new EvaluationRecord(cells[0], robust, int.Parse(cells[2], CultureInfo.InvariantCulture), cells[3], cells[4], metrics));
        }

        return records;
    }

    /// <summary>All records as one file with the given metric columns (a missing value is an empty cell).</summary>
    public static string Write(IEnumerable<EvaluationRecord> records, IReadOnlyList<MetricColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(columns);
        var text = new StringBuilder("loss,robust,seed,dataset,image");
        foreach (var column in columns)
        {
            text.Append(',').Append(column.Key);
        }

        text.Append('\n');
        foreach (var r in records)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Loss},{r.Robust?.ToString() ?? ""},{r.Seed},{r.Dataset},{r.Image}");
            foreach (var column in columns)
            {
                text.Append(',').Append(r.Metrics.TryGetValue(column.Key, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
