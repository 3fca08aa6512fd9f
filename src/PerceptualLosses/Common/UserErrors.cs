using System;
using System.IO;
using System.Linq;

namespace PerceptualLosses.Common;

/// <summary>
/// Which exceptions a user causes (and can fix), and reading a file named by a setting so that its errors name that
/// setting: the one classification the libraries and front ends (the CLI's exit code 2) share.
/// </summary>
public static class UserErrors
{
    /// <summary>
    /// Whether <paramref name="error"/> comes from what a user gave: argument values and paths (not nulls, which are a
    /// caller's bug), file contents (images, weights, JSON), the environment (disk, CUDA, native library) or a training
    /// run that diverged with the chosen settings.
    /// </summary>
    /// <param name="error">The exception.</param>
    public static bool IsUserError(Exception error) => error switch
    {
        null => false,
        ArgumentNullException => false,
        ArgumentException => true, // Guard and options records name the value and what was expected
        FileNotFoundException or DirectoryNotFoundException or InvalidDataException or EndOfStreamException or UnauthorizedAccessException => true,
        IOException => true, // disk full, file in use
        FormatException => true, // loss specs, numbers in configuration files
        NotSupportedException => true, // an unsupported image or weight format
        Models.WeightLoadException or Training.TrainingDivergedException or Runtime.TorchNativeLoadException => true,
        SixLabors.ImageSharp.ImageFormatException => true, // not an image, or a damaged one
        System.Text.Json.JsonException => true, // a hand-edited configuration or sidecar file
        System.Runtime.InteropServices.ExternalException => true, // libtorch refused a file or a device
        ObjectDisposedException => false,
        InvalidOperationException => true, // state errors: a checkpoint of another configuration, CUDA missing
        _ => false,
    };

    /// <summary>
    /// <paramref name="read"/>(<paramref name="path"/>), with a user error whose message does not name
    /// <paramref name="setting"/> re-raised as one that does (<c>Model '…': …</c>, or <c>Model: …</c> when the message
    /// names the file), recording the setting (<see cref="NamedSettings"/>) so a front end can rename it.
    /// </summary>
    /// <typeparam name="T">What is read.</typeparam>
    /// <param name="setting">The setting that named the file (<c>Model</c>, <c>Data</c>, <c>VggWeights</c>).</param>
    /// <param name="path">The file or folder.</param>
    /// <param name="read">Reads it.</param>
    /// <exception cref="InvalidDataException">A user error of <paramref name="read"/>, naming the setting (a missing file or folder, or an argument error, keeps its type); other exceptions pass unchanged.</exception>
    public static T Read<T>(string setting, string path, Func<string, T> read)
    {
        Guard.NotNull(setting);
        Guard.NotNull(read);
        try
        {
            return read(path);
        }
        catch (Exception e) when (IsUserError(e) && !NamesSetting(e, setting))
        {
            string message = e is ArgumentException { ParamName: string parameter } ? e.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal) : e.Message;
            string text = path is not null && message.Contains(path, StringComparison.Ordinal) ? $"{setting}: {message}" : $"{setting} '{path}': {message}";
            // The kind of error is kept where callers tell them apart (a missing file, a bad value); the rest are file contents.
            Exception named = e switch
            {
                FileNotFoundException missing => new FileNotFoundException(text, missing.FileName, e),
                DirectoryNotFoundException => new DirectoryNotFoundException(text, e),
                ArgumentException => new ArgumentException(text, setting, e),
                _ => new InvalidDataException(text, e),
            };
            throw named.Naming(NamedSettings.Named(e).Prepend(setting));
        }
    }

    private static bool NamesSetting(Exception error, string setting) =>
        NamedSettings.Named(error).Contains(setting, StringComparer.Ordinal) || (error is ArgumentException { ParamName: string p } && p == setting);
}
