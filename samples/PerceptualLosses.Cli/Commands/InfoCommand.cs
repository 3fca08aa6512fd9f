using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using PerceptualLosses.Runtime;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual info</c>: versions, device, threads and how the native library was loaded.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var command = new Command("info", "Show versions, devices, threads and the native-load path taken.") { json };
        command.SetAction(parse =>
        {
            var report = TorchRuntime.EnsureLoaded();
            var result = new Dictionary<string, object?>
            {
                ["perceptuallosses"] = typeof(TorchRuntime).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
                ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(),
                ["libtorch"] = __version__,
                ["dotnet"] = RuntimeInformation.FrameworkDescription,
                ["os"] = RuntimeInformation.OSDescription,
                ["cuda_available"] = cuda.is_available(),
                ["cuda_devices"] = cuda.is_available() ? cuda.device_count() : 0,
                ["threads"] = get_num_threads(),
                ["native_load_mode"] = report.Mode.ToString(),
                ["native_original"] = report.OriginalPath,
                ["native_loaded"] = report.LoadedPath,
                ["native_weakened_versions"] = report.WeakenedVersions,
                ["native_trace"] = report.Trace,
            };
            Output.Write(result, parse.GetValue(json), "perceptual info");
            return 0;
        });
        return command;
    }
}
