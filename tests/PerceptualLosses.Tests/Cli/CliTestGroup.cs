using Xunit;

namespace PerceptualLosses.Tests.Cli;

/// <summary>The CLI tests redirect the process-wide console: they run alone, not beside other tests.</summary>
[CollectionDefinition(CliTests.Name, DisableParallelization = true)]
public sealed class CliTestGroup
{
}
