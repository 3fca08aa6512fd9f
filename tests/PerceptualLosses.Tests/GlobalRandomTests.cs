using Xunit;

namespace PerceptualLosses.Tests;

/// <summary>
/// Tests that seed torch's global generator and compare exact results (resume equals an uninterrupted run) must not run
/// beside tests that draw from the same generator on other threads.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomTests
{
    public const string Name = "Global torch random generator";
}
