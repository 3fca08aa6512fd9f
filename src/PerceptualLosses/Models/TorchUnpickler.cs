using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// Razorvine's pickle machine (the one TorchSharp.PyBridge reads zip checkpoints with) taught what <c>torch.save</c>
/// pickles: storages behind persistent ids, <c>_rebuild_tensor_v2</c> views, <c>_rebuild_parameter</c>, <c>OrderedDict</c>.
/// Tensors come out as <see cref="PickledTensor"/> descriptors; no tensor data is read here.
/// </summary>
/// <remarks>
/// Razorvine keeps its constructors in one process-wide table, where PyBridge has registered its own for the same torch
/// names. Ours wrap those: while one of our unpicklers runs on the thread it handles the call, otherwise PyBridge's does,
/// so both readers keep working in one process.
/// </remarks>
internal sealed class TorchUnpickler : Unpickler
{
    [ThreadStatic]
    private static TorchUnpickler? active;

    private static readonly object RegistrationLock = new();
    private static bool registered;

    private readonly Dictionary<string, PickledStorage> storages = new(StringComparer.Ordinal);
    private readonly string source;

    public TorchUnpickler(string source)
    {
        this.source = source;
        Register();
    }

    /// <summary>Storages named by the pickle, by key, in the order first seen.</summary>
    public IReadOnlyDictionary<string, PickledStorage> Storages => storages;

    /// <summary>Unpickles one object (the pickle stops at its STOP opcode; the stream is left just after it).</summary>
    public object? LoadObject(Stream stream)
    {
        var previous = active;
        active = this;
        try
        {
            return load(stream);
        }
        catch (PickleException e)
        {
            throw Translate(e);
        }
        catch (InvalidCastException e)
        {
            throw new InvalidDataException($"'{source}': the pickle does not have the structure torch.save writes ({e.Message}).", e);
        }
        finally
        {
            active = previous;
        }
    }

    /// <summary>Reads a plain pickle (no storages or torch objects), e.g. the legacy format's header records.</summary>
    public static object? LoadPlain(Stream stream, string source, string what)
    {
        try
        {
            using var plain = new Unpickler();
            return plain.load(stream);
        }
        catch (Exception e) when (e is PickleException or InvalidCastException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"'{source}': cannot read the {what} of a legacy PyTorch file ({e.Message}); the file is truncated or not a torch.save file.", e);
        }
    }

    protected override object persistentLoad(object pid)
    {
        // torch.save's persistent id: ('storage', storage_type, key, location, numel) in zip files, plus view_metadata
        // (None, or (view_key, offset, size) for a storage view, written by PyTorch before 1.0) in legacy files.
        if (pid is not object[] id || id.Length < 5 || id[0] is not string kind)
        {
            throw new InvalidDataException($"'{source}': unexpected persistent id {Describe(pid)} in the pickle.");
        }

        if (kind != "storage")
        {
            throw new InvalidDataException($"'{source}': the file pickles a '{kind}' object (torch.save of a whole module class?); only state dicts and checkpoints of tensors can be read. Save model.state_dict() instead.");
        }

        string typeName = id[1] is ClassDictConstructor type ? type.name : Describe(id[1]);
        string key = Convert.ToString(id[2], System.Globalization.CultureInfo.InvariantCulture) ?? "";
        string location = id[3] as string ?? "cpu";
        long numel = ToLong(id[4], "storage size");
        if (!storages.TryGetValue(key, out var storage))
        {
            storage = new PickledStorage(key, typeName, ScalarTypeOf(typeName), numel, location);
            storages[key] = storage;
        }

        if (id.Length > 5 && id[5] is object[] view)
        {
            throw new InvalidDataException($"'{source}': storage {key} is a storage view ({Describe(view)}), written by PyTorch before 1.0; re-save the file with a newer PyTorch.");
        }

        return storage;
    }

    private ScalarType ScalarTypeOf(string typeName) => typeName switch
    {
        "FloatStorage" => ScalarType.Float32,
        "DoubleStorage" => ScalarType.Float64,
        "HalfStorage" => ScalarType.Float16,
        "BFloat16Storage" => ScalarType.BFloat16,
        "LongStorage" => ScalarType.Int64,
        "IntStorage" => ScalarType.Int32,
        "ShortStorage" => ScalarType.Int16,
        "CharStorage" => ScalarType.Int8,
        "ByteStorage" => ScalarType.Byte,
        "BoolStorage" => ScalarType.Bool,
        "ComplexFloatStorage" => ScalarType.ComplexFloat32,
        "ComplexDoubleStorage" => ScalarType.ComplexFloat64,
        _ => throw new InvalidDataException($"'{source}': unknown storage type torch.{typeName}; supported: Float, Double, Half, BFloat16, Long, Int, Short, Char, Byte, Bool, ComplexFloat, ComplexDouble storages."),
    };

    private InvalidDataException Translate(PickleException e)
    {
        // Razorvine builds unregistered globals as ClassDicts and fails when they take arguments; its message names them.
        const string marker = "construction of ClassDict (for ";
        int at = e.Message.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            int start = at + marker.Length;
            int end = e.Message.IndexOf(')', start);
            string name = end > start ? e.Message[start..end] : e.Message[start..];
            return new InvalidDataException($"'{source}': the pickle calls {name}, which this reader does not support (it rebuilds plain tensors and parameters: torch._utils._rebuild_tensor_v2, _rebuild_parameter; state dicts and checkpoints of them).", e);
        }

        return new InvalidDataException($"'{source}': the pickle cannot be read ({e.Message}); the file is truncated or not a torch.save file.", e);
    }

    internal static long ToLong(object? value, string what) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        System.Numerics.BigInteger big when big >= long.MinValue && big <= long.MaxValue => (long)big,
        _ => throw new InvalidDataException($"expected an integer {what} in the pickle, got {Describe(value)}."),
    };

    internal static long[] ToLongs(object? value, string what) => value switch
    {
        object[] tuple => tuple.Select(v => ToLong(v, what)).ToArray(),
        ArrayList list => list.Cast<object>().Select(v => ToLong(v, what)).ToArray(),
        _ => throw new InvalidDataException($"expected a tuple of integers as {what} in the pickle, got {Describe(value)}."),
    };

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        object[] tuple => "(" + string.Join(", ", tuple.Select(Describe)) + ")",
        ClassDictConstructor c => $"{c.module}.{c.name}",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? value.GetType().Name,
    };

    private static void Register()
    {
        lock (RegistrationLock)
        {
            if (registered)
            {
                return;
            }

            // PyBridge registers its constructors in its static constructor: run it first so ours wrap them, not the reverse.
            RuntimeHelpers.RunClassConstructor(typeof(PyTorchUnpickler).TypeHandle);
            Wrap("torch._utils", "_rebuild_tensor_v2", args => RebuildTensor(args, "_rebuild_tensor_v2"));
            Wrap("torch._utils", "_rebuild_tensor", args => RebuildTensor(args, "_rebuild_tensor"));
            Wrap("torch._utils", "_rebuild_parameter", RebuildParameter);
            Wrap("torch._utils", "_rebuild_parameter_with_state", RebuildParameter);
            Wrap("torch._tensor", "_rebuild_from_type_v2", RebuildFromType);
            Wrap("torch._tensor", "_rebuild_from_type", RebuildFromType);
            Wrap("collections", "OrderedDict", PickledDictionary.FromArguments);
            registered = true;
        }
    }

    private static void Wrap(string module, string name, Func<object[], object> ours)
    {
        objectConstructors.TryGetValue(module + "." + name, out var theirs);
        objectConstructors[module + "." + name] = new Dispatching(ours, theirs, module, name);
    }

    // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]); v1 lacks the last three.
    private static PickledTensor RebuildTensor(object[] args, string function)
    {
        if (args.Length < 4 || args[0] is not PickledStorage storage)
        {
            throw new InvalidDataException($"torch._utils.{function} called with {Describe(args)}; expected (storage, offset, size, stride, …).");
        }

        var tensor = new PickledTensor(storage, ToLong(args[1], "storage offset"), ToLongs(args[2], "size"), ToLongs(args[3], "stride"));
        if (tensor.Shape.Length != tensor.Stride.Length)
        {
            throw new InvalidDataException($"torch._utils.{function}: size ({string.Join(", ", tensor.Shape)}) and stride ({string.Join(", ", tensor.Stride)}) differ in length.");
        }

        return tensor;
    }

    // _rebuild_parameter(data, requires_grad, backward_hooks): the data is the tensor rebuilt just before.
    private static object RebuildParameter(object[] args)
    {
        if (args.Length < 1 || args[0] is not PickledTensor tensor)
        {
            throw new InvalidDataException($"torch._utils._rebuild_parameter called with {Describe(args)}; expected a tensor first.");
        }

        tensor.IsParameter = true;
        return tensor;
    }

    // _rebuild_from_type_v2(func, type, args, state): tensor subclasses; the data comes from func(*args).
    private static object RebuildFromType(object[] args)
    {
        if (args.Length < 3 || args[0] is not IObjectConstructor func || args[2] is not object[] inner)
        {
            throw new InvalidDataException($"torch._tensor._rebuild_from_type_v2 called with {Describe(args)}; expected (func, type, args, state).");
        }

        return func.construct(inner);
    }

    /// <summary>Our rebuild while one of our unpicklers runs on this thread, the previously registered one (PyBridge's) otherwise.</summary>
    private sealed class Dispatching : IObjectConstructor
    {
        private readonly Func<object[], object> ours;
        private readonly IObjectConstructor? theirs;
        private readonly string module;
        private readonly string name;

        public Dispatching(Func<object[], object> ours, IObjectConstructor? theirs, string module, string name)
        {
            this.ours = ours;
            this.theirs = theirs;
            this.module = module;
            this.name = name;
        }

        public object construct(object[] args) =>
            active is not null ? ours(args) : (theirs ?? new ClassDictConstructor(module, name)).construct(args);
    }
}
