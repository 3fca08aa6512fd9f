using System.CommandLine;
using System.Globalization;

namespace PerceptualLosses.Cli.Commands;

/// <summary>Options shared by every verb, and range checks that run while parsing (before any file is read).</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the result as one JSON object on standard output." };

    public static Option<string> Device() => new("--device") { Description = "auto | cpu | cuda | cuda:N", DefaultValueFactory = _ => "auto" };

    public static Option<int> Threads() => new Option<int>("--threads") { Description = "libtorch intra-op threads (0 = one per core).", DefaultValueFactory = _ => 0 }.AtLeast(0);

    public static Option<int> Seed() => new("--seed") { Description = "Seed for torch and data order.", DefaultValueFactory = _ => 0 };

    /// <summary>The output folder or file; <c>--output</c> is the earlier name some verbs used.</summary>
    public static Option<string> Out(string description) => new("--out", "--output") { Description = description, Required = true };

    /// <summary>Opt-in of <see cref="PerceptualLosses.Imaging.ImageLoadOptions.ConvertGrayscaleToRgb"/>: nothing is converted unless asked for.</summary>
    public static Option<bool> GrayToRgb() => new("--gray-to-rgb", "--grey-to-rgb") { Description = "Read a grey image as RGB, its channel replicated (without it a grey image is an error)." };

    /// <summary>Opt-in of <see cref="PerceptualLosses.Imaging.ImageLoadOptions.DropAlpha"/>: nothing is converted unless asked for.</summary>
    public static Option<bool> DropAlpha() => new("--drop-alpha") { Description = "Read an image with an alpha channel without it, its colour values kept (without it such an image is an error)." };

    /// <summary>Batch size; <c>--batch</c> is the earlier name some verbs used.</summary>
    public static Option<int> BatchSize(string description, int defaultValue) =>
        new Option<int>("--batch-size", "--batch") { Description = description, DefaultValueFactory = _ => defaultValue }.AtLeast(1);

    /// <summary>Rejects values below <paramref name="minimum"/> at parse time, naming the option.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < minimum)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be >= {minimum}; got {value}."));
            }
        });
        return option;
    }

    /// <summary>Rejects values below <paramref name="minimum"/> at parse time, naming the option (no value: no check).</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is int value && value < minimum)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be >= {minimum}; got {value}."));
            }
        });
        return option;
    }

    /// <summary>Rejects values that are not finite and &gt; 0 at parse time, naming the option.</summary>
    public static Option<double> Positive(this Option<double> option)
    {
        option.Validators.Add(result => CheckPositive(result, option.Name, result.GetValueOrDefault<double>()));
        return option;
    }

    /// <summary>Rejects values that are not finite and &gt; 0 at parse time, naming the option (no value: no check).</summary>
    public static Option<double?> Positive(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is double value)
            {
                CheckPositive(result, option.Name, value);
            }
        });
        return option;
    }

    /// <summary>Each value must be an existing, non-empty file (checked at parse time, before anything is read).</summary>
    public static Option<T> MustBeFile<T>(this Option<T> option, string expected) =>
        CheckPaths(option, expected, path => System.IO.Directory.Exists(path) ? "is a folder" : !System.IO.File.Exists(path) ? "does not exist" : new System.IO.FileInfo(path).Length == 0 ? "is empty" : null);

    /// <summary>Each value must be an existing folder (checked at parse time).</summary>
    public static Option<T> MustBeFolder<T>(this Option<T> option, string expected) =>
        CheckPaths(option, expected, path => System.IO.File.Exists(path) ? "is a file" : !System.IO.Directory.Exists(path) ? "does not exist" : null);

    /// <summary>Each value must be an existing folder or non-empty file (checked at parse time).</summary>
    public static Option<T> MustExist<T>(this Option<T> option, string expected) =>
        CheckPaths(option, expected, path => System.IO.Directory.Exists(path) ? null : !System.IO.File.Exists(path) ? "does not exist" : new System.IO.FileInfo(path).Length == 0 ? "is empty" : null);

    /// <summary>Adds a parse-time check of every path given to <paramref name="option"/>: <paramref name="problem"/> says what is wrong, or null.</summary>
    private static Option<T> CheckPaths<T>(Option<T> option, string expected, System.Func<string, string?> problem)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (problem(token.Value) is string wrong)
                {
                    result.AddError($"{option.Name} '{token.Value}' {wrong}; expected {expected}.");
                }
            }
        });
        return option;
    }

    private static void CheckPositive(System.CommandLine.Parsing.OptionResult result, string name, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be a finite number > 0; got {value}."));
        }
    }
}
