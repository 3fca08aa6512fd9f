using System;
using PerceptualLosses.Attacks;
using PerceptualLosses.Training;
using Xunit;

namespace PerceptualLosses.Tests.Attacks;

/// <summary>The presets the CLI offers by name are the library's, and an ε override keeps the paper's step rule.</summary>
public sealed class NamedPresetTests
{
    [Fact]
    public void AdversarialPresets_NameThePaperObjectives()
    {
        Assert.Equal(new[] { "paper", "paper-adv-only", "madry", "none" }, AdversarialTrainingOptions.Presets.Keys);
        Assert.Same(AdversarialTrainingOptions.Paper, AdversarialTrainingOptions.Presets["paper"]);
        Assert.Same(AdversarialTrainingOptions.PaperAdversarialOnly, AdversarialTrainingOptions.Presets["paper-adv-only"]);
        Assert.Same(AdversarialTrainingOptions.Madry, AdversarialTrainingOptions.Presets["madry"]);
        Assert.Same(AdversarialTrainingOptions.None, AdversarialTrainingOptions.Presets["none"]);
    }

    [Fact]
    public void RobustnessPresets_ApgdAddsTheCheck_Pgd50TargetedIsThePapersAttackAlone()
    {
        Assert.Equal(RobustnessEvaluationOptions.Paper, RobustnessEvaluationOptions.Presets["apgd"]);
        var pgdOnly = RobustnessEvaluationOptions.Presets["pgd50-targeted"];
        Assert.Null(pgdOnly.Strong);
        Assert.Equal(PgdOptions.PaperEvaluation, pgdOnly.Pgd);
    }

    [Fact]
    public void WithEpsilon_KeepsThePapersStepRatio_AndMovesTheCheckToo()
    {
        var options = RobustnessEvaluationOptions.Paper.WithEpsilon(1.94);
        Assert.Equal(1.94, options.Pgd.Epsilon, 12);
        Assert.Equal(1.94 * 0.155 / 3.88, options.Pgd.StepSize, 12);
        Assert.Equal(PgdOptions.PaperEvaluation.Steps, options.Pgd.Steps);
        Assert.Equal(1.94, options.Strong!.Epsilon, 12);
        Assert.Null(RobustnessEvaluationOptions.Presets["pgd50-targeted"].WithEpsilon(1.0).Strong);
        Assert.Throws<ArgumentOutOfRangeException>(() => RobustnessEvaluationOptions.Paper.WithEpsilon(0));
    }
}
