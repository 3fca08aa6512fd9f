using System;

namespace PerceptualLosses.Runtime;

/// <summary>TorchSharp's native library could not be loaded; the message lists what was tried and how to fix it.</summary>
public sealed class TorchNativeLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TorchNativeLoadException(string message, NativeLoadReport report, Exception? inner = null)
        : base(message, inner)
    {
        Report = report;
    }

    /// <summary>The steps that were tried.</summary>
    public NativeLoadReport Report { get; }
}
