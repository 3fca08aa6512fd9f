using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// The classes an attack works with, together with their meaning: true labels (untargeted) or target classes (targeted).
/// Built with <see cref="Untargeted"/> or <see cref="Targeted"/>, never with a flag that flips the meaning of one tensor.
/// </summary>
/// <remarks>
/// Targeted attacks follow MadryLab <c>robustness</c> (attacker.py): the per-example loss towards the target is
/// multiplied by <c>m = −1</c> and <c>m·loss</c> is maximised, i.e. the loss to the target class is minimised.
/// </remarks>
public sealed class AttackTarget
{
    private AttackTarget(AttackTargetKind kind, Tensor classes, Tensor? trueLabels)
    {
        Kind = kind;
        Classes = classes;
        TrueLabels = trueLabels;
    }

    /// <summary>Untargeted or targeted.</summary>
    public AttackTargetKind Kind { get; }

    /// <summary>Int64 <c>[B]</c>: the true labels (untargeted) or the target classes (targeted).</summary>
    public Tensor Classes { get; }

    /// <summary>Int64 <c>[B]</c> true labels when known (always for untargeted; optional for targeted, then checked ≠ target).</summary>
    public Tensor? TrueLabels { get; }

    /// <summary>The sign robustness calls <c>m</c>: +1 maximises the loss to <see cref="Classes"/>, −1 minimises it.</summary>
    public double Sign => Kind == AttackTargetKind.Targeted ? -1.0 : 1.0;

    /// <summary>Untargeted attack away from the true <paramref name="labels"/> (int64 <c>[B]</c>).</summary>
    public static AttackTarget Untargeted(Tensor labels)
    {
        Guard.NotNull(labels);
        return new AttackTarget(AttackTargetKind.Untargeted, labels, labels);
    }

    /// <summary>Targeted attack towards <paramref name="targets"/> (int64 <c>[B]</c>).</summary>
    /// <param name="targets">Wanted classes.</param>
    /// <param name="trueLabels">Optional true labels; when given, a target equal to its label is an error.</param>
    public static AttackTarget Targeted(Tensor targets, Tensor? trueLabels = null)
    {
        Guard.NotNull(targets);
        return new AttackTarget(AttackTargetKind.Targeted, targets, trueLabels);
    }

    /// <summary>Checks shape, dtype, range and (targeted) target ≠ label for a batch of <paramref name="batchSize"/> and <paramref name="numClasses"/>.</summary>
    internal void Validate(long batchSize, long numClasses)
    {
        CheckClasses(Classes, batchSize, numClasses, Kind == AttackTargetKind.Targeted ? "targets" : "labels");
        if (Kind == AttackTargetKind.Targeted && TrueLabels is not null)
        {
            CheckClasses(TrueLabels, batchSize, numClasses, "trueLabels");
            using var scope = NewDisposeScope();
            var same = Classes.eq(TrueLabels);
            if (same.any().item<bool>())
            {
                long index = same.nonzero()[0, 0].item<long>();
                throw InvalidArgument(
                    $"targets: in a targeted attack the target must differ from the true label; example {index} has target = label = {Classes[index].item<long>()}.",
                    "targets");
            }
        }
    }

    private static void CheckClasses(Tensor classes, long batchSize, long numClasses, string name)
    {
        if (classes.dim() != 1 || classes.shape[0] != batchSize)
        {
            throw InvalidArgument($"{name} must have shape [{batchSize}]; got [{Guard.Shape(classes)}].", name);
        }

        if (classes.dtype != ScalarType.Int64)
        {
            throw InvalidArgument($"{name} must be an int64 tensor; got {classes.dtype}.", name);
        }

        if (batchSize == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        var range = stack(new[] { classes.min(), classes.max() }).cpu().data<long>().ToArray(); // one device-to-host read
        long min = range[0], max = range[1];
        if (min < 0 || max >= numClasses)
        {
            throw InvalidArgument($"{name} must be class indices in [0, {numClasses - 1}]; got [{min}, {max}].", name);
        }
    }

    private static System.ArgumentException InvalidArgument(string message, string name) => new(message, name);
}
