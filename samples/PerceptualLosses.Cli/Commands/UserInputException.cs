using System;

namespace PerceptualLosses.Cli.Commands;

/// <summary>A command line the user can correct; the message names the option or file and what was expected.</summary>
internal sealed class UserInputException(string message, Exception? inner = null) : Exception(message, inner)
{
}
