using System;
using System.Globalization;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Runtime;

/// <summary>Parses the <c>--device</c> option: <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
public static class DeviceSelector
{
    /// <summary>The accepted spellings, for help texts and errors.</summary>
    public const string AcceptedValues = "auto | cpu | cuda | cuda:N";

    /// <summary>
    /// Resolves <paramref name="spec"/> to a device. <c>auto</c> picks CUDA when available, else CPU.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown spelling, or CUDA requested but not available (says what to install).</exception>
    public static Device Parse(string spec)
    {
        Guard.NotNull(spec);
        TorchRuntime.EnsureLoaded();
        string value = spec.Trim().ToLowerInvariant();
        if (value == "auto")
        {
            return cuda.is_available() ? CUDA : CPU;
        }

        if (value == "cpu")
        {
            return CPU;
        }

        if (value == "cuda" || value.StartsWith("cuda:", StringComparison.Ordinal))
        {
            int index = 0;
            if (value.Length > 4 && !int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out index))
            {
                throw new ArgumentException($"device '{spec}' is not valid; expected {AcceptedValues}.", nameof(spec));
            }

            if (!cuda.is_available())
            {
                throw new ArgumentException(
                    $"device '{spec}' was requested but CUDA is not available in this process. " +
                    "Build the application with -p:TorchBackend=cuda (TorchSharp-cuda-linux / TorchSharp-cuda-windows) on a machine with an NVIDIA driver, or use device 'cpu'.",
                    nameof(spec));
            }

            int count = cuda.device_count();
            if (index >= count)
            {
                throw new ArgumentException($"device '{spec}' does not exist: {count} CUDA device(s) are visible.", nameof(spec));
            }

            return new Device(DeviceType.CUDA, index);
        }

        throw new ArgumentException($"device '{spec}' is not valid; expected {AcceptedValues}.", nameof(spec));
    }
}
