using PerceptualLosses.Common;
using System;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>Something wrong with a study's configuration, found before anything runs (<see cref="StudyPlan.Validate"/>).</summary>
/// <param name="Setting">The configuration key to change (<c>TrainImages</c>, <c>Lpips.LinWeights</c>, <c>Classifiers.Models</c>).</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record StudyProblem(string Setting, string Message)
{
    /// <summary>The problem as one line: <c>Setting: Message</c>, or the message alone when it starts with the setting (<c>Steps must be &gt;= 1.</c>).</summary>
    public string Text => Message.StartsWith(Setting + " ", StringComparison.Ordinal) ? Message : $"{Setting}: {Message}";

    /// <summary><see cref="Text"/> with the setting renamed by a front end (<see cref="NamedSettings.Rename"/>).</summary>
    /// <param name="rename">The front end's name of a key (<c>--train</c> for <c>TrainImages</c>), or null to keep the key.</param>
    public string Describe(Func<string, string?> rename) => NamedSettings.Rename(Text, new[] { Setting }, rename);

    /// <inheritdoc />
    public override string ToString() => Text;
}
