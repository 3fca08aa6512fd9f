using System.CommandLine;

namespace PerceptualLosses.Cli.Commands;

/// <summary>Options shared by every verb.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the result as one JSON object on standard output." };

    public static Option<string> Device() => new("--device") { Description = "auto | cpu | cuda | cuda:N", DefaultValueFactory = _ => "auto" };

    public static Option<int> Threads() => new("--threads") { Description = "libtorch intra-op threads (0 = one per core).", DefaultValueFactory = _ => 0 };

    public static Option<int> Seed() => new("--seed") { Description = "Seed for torch and data order.", DefaultValueFactory = _ => 0 };
}
