using System;
using System.Collections.Generic;

namespace PerceptualLosses.Tests.Training;

/// <summary>Stands in for a process killed at one file-system step of a checkpoint save.</summary>
public sealed class SimulatedCrashException(string step) : Exception($"simulated crash before: {step}")
{
}

/// <summary>Hooks for <c>TrainingCheckpoint.BeforeFileSystemStep</c>: record the steps of a run, or crash before the k-th.</summary>
internal static class CrashInjection
{
    public static Action<string> Record(List<string> steps) => steps.Add;

    /// <summary>Throws before the <paramref name="k"/>-th (1-based) step, counted over every save of the run.</summary>
    public static Action<string> CrashBefore(int k)
    {
        int seen = 0;
        return step =>
        {
            if (++seen == k)
            {
                throw new SimulatedCrashException(step);
            }
        };
    }

    /// <summary>Steps of the first save: up to and including its rename of the temporary folder into place.</summary>
    public static int FirstSaveSteps(IReadOnlyList<string> steps)
    {
        for (int i = 0; i < steps.Count; i++)
        {
            if (steps[i].StartsWith("rename ", StringComparison.Ordinal) && steps[i].Contains(".tmp to ", StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException("no checkpoint was saved");
    }
}
