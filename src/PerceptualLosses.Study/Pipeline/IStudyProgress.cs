using System;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>Shows the progress of a long piece of work (the CLI draws a bar with rate and ETA; tests stay silent).</summary>
public interface IStudyProgress
{
    /// <summary>Runs <paramref name="work"/>, which reports (done so far, detail) through the callback it is given.</summary>
    /// <param name="title">What is running.</param>
    /// <param name="total">The value of "done" at the end.</param>
    /// <param name="work">The work.</param>
    void Run(string title, double total, Action<Action<double, string>> work);
}
