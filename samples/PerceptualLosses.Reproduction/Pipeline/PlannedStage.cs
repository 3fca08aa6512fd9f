using System.Collections.Generic;

namespace PerceptualLosses.Reproduction.Pipeline;

/// <summary>One stage of a study's plan.</summary>
/// <param name="Name">Stage folder under the output folder (<c>models/EP-seed0</c>).</param>
/// <param name="Kind"><c>classifier</c>, <c>train</c>, <c>evaluate</c>, <c>judge</c> or <c>report</c>.</param>
/// <param name="Unit">Work-unit number that decides which shard runs it (<see cref="Shard.Owns"/>); -1 for the report, which needs everything.</param>
/// <param name="Description">What it does, in words.</param>
/// <param name="Outputs">Files it writes into its folder.</param>
public sealed record PlannedStage(string Name, string Kind, int Unit, string Description, IReadOnlyList<string> Outputs);
