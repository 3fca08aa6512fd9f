namespace PerceptualLosses.Runtime;

/// <summary>How the TorchSharp native library was made loadable in this process.</summary>
public enum NativeLoadMode
{
    /// <summary>Nothing has been attempted yet.</summary>
    NotAttempted,

    /// <summary>Not Linux: TorchSharp's own loading is used unchanged.</summary>
    NotNeeded,

    /// <summary>The packaged <c>libLibTorchSharp.so</c> loaded as shipped (system libstdc++ is new enough).</summary>
    Original,

    /// <summary>A copy with weak version requirements was written and loaded.</summary>
    Patched,

    /// <summary>No <c>libLibTorchSharp.so</c> was found next to the application; TorchSharp's own probing decides.</summary>
    NotFound,

    /// <summary>Loading failed; see <see cref="NativeLoadReport.Trace"/>.</summary>
    Failed,
}
