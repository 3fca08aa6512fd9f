using System;
using System.IO;

namespace PerceptualLosses.Tests.Cli;

/// <summary>Runs the <c>perceptual</c> tool in-process with the console captured (only from tests in <see cref="CliTests.Name"/>).</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Error) Run(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var outWriter = new StringWriter();
        using var errorWriter = new StringWriter();
        Console.SetOut(outWriter);
        Console.SetError(errorWriter);
        try
        {
            int code = PerceptualLosses.Cli.Program.Run(args);
            return (code, outWriter.ToString(), errorWriter.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
