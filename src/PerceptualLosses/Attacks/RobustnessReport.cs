namespace PerceptualLosses.Attacks;

/// <summary>Result of <see cref="RobustnessEvaluator.Evaluate"/>; plain values, serialisable with System.Text.Json.</summary>
/// <param name="Examples">Number of evaluated examples.</param>
/// <param name="CleanAccuracy">Top-1 accuracy on clean images.</param>
/// <param name="PgdAccuracy">Accuracy (prediction = label) under the targeted PGD attack.</param>
/// <param name="PgdTargetSuccessRate">Fraction whose prediction became the target under PGD.</param>
/// <param name="StrongAccuracy">Accuracy under the stronger attack (null when skipped).</param>
/// <param name="StrongTargetSuccessRate">Target success rate of the stronger attack (null when skipped).</param>
/// <param name="WorstCaseAccuracy">Accuracy when an example counts as broken if either attack broke it.</param>
/// <param name="LargeEpsilonAccuracy">Sanity: accuracy under targeted PGD with a very large ε; should be ≈ 0.</param>
/// <param name="ShortPgdAccuracy">Sanity: accuracy under the same PGD with fewer steps; should be ≥ <paramref name="PgdAccuracy"/>.</param>
/// <param name="Warnings">Failed sanity checks in words (empty when all hold).</param>
/// <param name="Protocol">The options, as text.</param>
public sealed record RobustnessReport(
    long Examples,
    double CleanAccuracy,
    double PgdAccuracy,
    double PgdTargetSuccessRate,
    double? StrongAccuracy,
    double? StrongTargetSuccessRate,
    double WorstCaseAccuracy,
    double LargeEpsilonAccuracy,
    double ShortPgdAccuracy,
    System.Collections.Generic.IReadOnlyList<string> Warnings,
    string Protocol);
