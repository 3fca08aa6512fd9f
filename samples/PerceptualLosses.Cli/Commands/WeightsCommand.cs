using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Models;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual weights FILE…</c>: what each weights file is (format, layout, architecture, counts, SHA-256, published-file check).</summary>
internal static class WeightsCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Weights files (.pth/.pt zip or legacy, .safetensors, TorchSharp .dat).", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var command = new Command("weights", "Describe weights files: format, layout, implied architecture, tensors, parameters, SHA-256, published-file check.") { files, json };
        command.SetAction(parse =>
        {
            var infos = new List<WeightFileInfo>();
            foreach (string file in parse.GetValue(files)!)
            {
                try
                {
                    infos.Add(ModelWeights.Inspect(file));
                }
                catch (Exception e) when (ErrorPolicy.IsUserError(e))
                {
                    Console.Error.WriteLine($"perceptual weights: {ErrorPolicy.OneLine(e)}");
                    return 2;
                }
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(infos.Select(ToJson).ToArray(), JsonOptions));
            }
            else
            {
                foreach (var info in infos)
                {
                    Console.Out.WriteLine(info.Summary());
                    if (info.IgnoredEntries.Count > 0)
                    {
                        Console.Out.WriteLine($"  not read: {string.Join(", ", info.IgnoredEntries)}");
                    }
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>The JSON object of one file (keys are a public contract).</summary>
    internal static Dictionary<string, object?> ToJson(WeightFileInfo info) => new()
    {
        ["path"] = Path.GetFullPath(info.Path),
        ["format"] = WeightFormatNames.Report.Name(info.Format),
        ["layout"] = info.Architecture.Layout.ToString(),
        ["architecture"] = info.Architecture.Description,
        ["family"] = info.Architecture.Family,
        ["depth"] = info.Architecture.Depth,
        ["width_multiplier"] = info.Architecture.WidthMultiplier,
        ["num_classes"] = info.Architecture.NumClasses,
        ["batch_norm"] = info.Architecture.BatchNorm,
        ["tensors"] = info.TensorCount,
        ["parameters"] = info.ParameterCount,
        ["tensor_bytes"] = info.TensorBytes,
        ["bytes"] = info.FileBytes,
        ["sha256"] = info.Sha256,
        ["known_file"] = info.KnownFile,
        ["warnings"] = info.Warnings,
        ["ignored_entries"] = info.IgnoredEntries,
        ["first_keys"] = info.FirstKeys,
    };
}
