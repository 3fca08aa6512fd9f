using System;
using System.Collections.Generic;
using System.Linq;

namespace PerceptualLosses.Examples;

/// <summary>Runs one example, named by the first argument; each example is one file of this folder.</summary>
internal static class Program
{
    private static readonly Dictionary<string, (string Usage, Func<ExampleArguments, int> Run)> Examples = new(StringComparer.Ordinal)
    {
        ["score-folder"] = (ScoreFolderExample.Usage, ScoreFolderExample.Run),
        ["attack"] = (AttackClassifierExample.Usage, AttackClassifierExample.Run),
        ["train"] = (TrainWithLossSpecExample.Usage, TrainWithLossSpecExample.Run),
        ["lpips-loss"] = (LpipsLossExample.Usage, LpipsLossExample.Run),
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Examples.TryGetValue(args[0], out var example))
        {
            Console.Error.WriteLine("usage: perceptual-examples <example> [options]; examples:");
            foreach (var (name, entry) in Examples)
            {
                Console.Error.WriteLine($"  {name} {entry.Usage}");
            }

            return 2;
        }

        try
        {
            return example.Run(ExampleArguments.Parse(args.Skip(1).ToArray()));
        }
        catch (ArgumentException e)
        {
            // Bad input: one paragraph, no stack trace.
            Console.Error.WriteLine($"{args[0]}: {e.Message}");
            Console.Error.WriteLine($"usage: perceptual-examples {args[0]} {example.Usage}");
            return 2;
        }
    }
}
