using System;
using System.Globalization;
using System.Threading;
using TorchSharp;
using static TorchSharp.torch;

// Many tiny tensor operations on the main thread while a second thread collects garbage and runs finalizers without
// pause. Mode "implicit": x.mul(v).add(v) with numbers (implicit Scalars). Mode "cached": the same with Scalars held in
// an array for the whole run, so only TorchSharp's own temporaries remain (Tensor.add(Scalar) passes alpha = 1 as a new
// Scalar). Both fail within a few thousand calls on TorchSharp 0.107: the finalizer frees a c10::Scalar that libtorch is
// still reading. Mode "rooted" also passes alpha explicitly from a held Scalar, and runs clean.
PerceptualLosses.Runtime.TorchRuntime.EnsureLoaded(); // the Debian 12 libstdc++ fix; not needed elsewhere
string mode = args.Length > 0 ? args[0] : "implicit";
int calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
var cached = new Scalar[7];
for (int k = 0; k < cached.Length; k++)
{
    cached[k] = (1.0 + k).ToScalar();
}

using var one = 1.ToScalar();
bool stop = false;
var collector = new Thread(() =>
{
    while (!Volatile.Read(ref stop))
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}) { IsBackground = true };
collector.Start();

using var x = ones(64, 64);
int wrong = 0;
int call = 0;
try
{
    for (; call < calls; call++)
    {
        using var scope = NewDisposeScope();
        double v = 1.0 + (call % 7);
        var y = mode switch
        {
            "cached" => x.mul(cached[call % 7]).add(cached[call % 7]),
            "rooted" => x.mul(cached[call % 7]).add(cached[call % 7], one),
            _ => x.mul(v).add(v),
        };
        if (Math.Abs(y[0, 0].item<float>() - 2 * v) > 1e-6)
        {
            wrong++;
        }
    }

    Console.WriteLine($"{mode}: {calls} calls, {wrong} wrong results, no exception");
}
catch (System.Runtime.InteropServices.ExternalException e)
{
    Console.WriteLine($"{mode}: call {call} failed after {wrong} wrong results: {e.Message.Split('\n')[0]}");
    return 1;
}
finally
{
    Volatile.Write(ref stop, true);
}

return wrong == 0 ? 0 : 1;
