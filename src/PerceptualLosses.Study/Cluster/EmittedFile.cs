namespace PerceptualLosses.Study.Cluster;

/// <summary>One file of an emitted cluster job.</summary>
/// <param name="Name">File name inside the job folder.</param>
/// <param name="Content">Its text (LF line ends).</param>
/// <param name="Executable">Whether it is a script to mark executable.</param>
public sealed record EmittedFile(string Name, string Content, bool Executable);
