using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using PerceptualLosses.Common;
using PerceptualLosses.Imaging;
using static TorchSharp.torch;

namespace PerceptualLosses.Data;

/// <summary>
/// Endless SR training batches from a folder of images (MS-COCO style): per epoch a seeded shuffle of the images; per
/// sample a random HR crop, optional flip/rotation, and the LR crop made by MATLAB bicubic imresize of the HR crop.
/// The position (epoch, cursor, generator state) is saved and restored exactly; an optional background thread prepares
/// batches ahead and yields the same batches in the same order.
/// </summary>
public sealed class SuperResolutionBatches : ISuperResolutionBatchSource, IDisposable
{
    private readonly IReadOnlyList<string> images;
    private readonly SuperResolutionBatchOptions options;
    private readonly Device device;
    private Position position;
    private Position consumed;
    private BlockingCollection<Prepared>? queue;
    private CancellationTokenSource? stop;
    private Thread? worker;
    private Exception? workerError;

    /// <summary>Creates the stream.</summary>
    /// <param name="images">Image files (e.g. <see cref="ImageFolder.List"/>).</param>
    /// <param name="options">Crops, batch size, seed.</param>
    /// <param name="device">Where batches are placed (CPU when null).</param>
    public SuperResolutionBatches(IReadOnlyList<string> images, SuperResolutionBatchOptions options, Device? device = null)
    {
        this.images = Guard.NotNull(images);
        this.options = Guard.NotNull(options);
        options.Validate();
        Guard.NotEmpty(images, "image");

        this.device = device ?? CPU;
        position = new Position(0, 0, new DataRandom(options.Seed ^ 0x5DEECE66DL).State);
        consumed = position;
    }

    /// <summary>Images skipped because they were smaller than the crop (only with <see cref="SuperResolutionBatchOptions.SkipImagesSmallerThanPatch"/>).</summary>
    public int SkippedImages { get; private set; }

    /// <inheritdoc />
    public (Tensor LowResolution, Tensor HighResolution) NextBatch()
    {
        Prepared batch;
        if (options.Prefetch == 0)
        {
            batch = Prepare(ref position);
        }
        else
        {
            StartWorker();
            try
            {
                batch = queue!.Take(stop!.Token);
            }
            catch (InvalidOperationException) when (workerError is not null)
            {
                if (workerError is ArgumentException or System.IO.IOException or System.IO.InvalidDataException or NotSupportedException or InvalidOperationException)
                {
                    throw new InvalidOperationException("Preparing a batch failed: " + workerError.Message, workerError);
                }

                // Anything else is not the images' fault: rethrown as it was, with the worker's stack.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(workerError).Throw();
                throw;
            }
        }

        consumed = batch.After;
        SkippedImages += batch.Skipped;
        var lr = tensor(batch.LowResolution, batch.LowShape).to(device);
        var hr = tensor(batch.HighResolution, batch.HighShape).to(device);
        return (lr, hr);
    }

    /// <inheritdoc />
    public string SaveState() => consumed.ToString();

    /// <inheritdoc />
    public void RestoreState(string state)
    {
        StopWorker();
        position = Position.Parse(state);
        consumed = position;
    }

    /// <inheritdoc />
    public void Dispose() => StopWorker();

    private Prepared Prepare(ref Position at)
    {
        int p = options.HighResolutionPatch, s = options.Scale, b = options.BatchSize, q = p / s;
        var low = new float[b * 3 * q * q];
        var high = new float[b * 3 * p * p];
        var random = new DataRandom(0) { State = at.Random };
        int epoch = at.Epoch, cursor = at.Cursor, skipped = 0, filled = 0, tried = 0;
        int[] order = Order(epoch);
        while (filled < b)
        {
            if (cursor == order.Length)
            {
                epoch++;
                cursor = 0;
                order = Order(epoch);
            }

            string path = images[order[cursor++]];
            using var scope = NewDisposeScope();
            var image = ImageIO.Load(path, options.Load ?? ImageLoadOptions.ConvertToRgb);
            if (image.shape[1] < p || image.shape[2] < p)
            {
                if (!options.SkipImagesSmallerThanPatch)
                {
                    throw new ArgumentException($"Image '{path}' is {image.shape[1]}x{image.shape[2]}, smaller than the {p}x{p} crop; set SkipImagesSmallerThanPatch to skip such images.");
                }

                skipped++;
                if (++tried > images.Count)
                {
                    throw new ArgumentException($"No image is at least {p}x{p}.");
                }

                continue;
            }

            int top = random.Next((int)image.shape[1] - p + 1), left = random.Next((int)image.shape[2] - p + 1);
            var crop = image.narrow(1, top, p).narrow(2, left, p);
            if (options.Augment)
            {
                crop = Augmentation.Draw(random).Apply(crop);
            }

            var lr = MatlabResize.Imresize(crop.contiguous(), 1.0 / s);
            Array.Copy(crop.contiguous().data<float>().ToArray(), 0, high, filled * 3 * p * p, 3 * p * p);
            Array.Copy(lr.contiguous().data<float>().ToArray(), 0, low, filled * 3 * q * q, 3 * q * q);
            filled++;
        }

        at = new Position(epoch, cursor, random.State);
        return new Prepared(low, new long[] { b, 3, q, q }, high, new long[] { b, 3, p, p }, at, skipped);
    }

    private int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, images.Count).ToArray();
        new DataRandom(options.Seed + (epoch * 1_000_003L)).Shuffle(order);
        return order;
    }

    private void StartWorker()
    {
        if (worker is not null)
        {
            return;
        }

        queue = new BlockingCollection<Prepared>(options.Prefetch);
        stop = new CancellationTokenSource();
        var token = stop.Token;
        var start = position;
        worker = new Thread(() =>
        {
            var at = start;
            try
            {
                while (!token.IsCancellationRequested)
                {
                    queue.Add(Prepare(ref at), token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                // Every error goes to the consumer: one escaping this thread would end the process (a truncated image did).
                workerError = e;
                queue.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "SR batch prefetch" };
        worker.Start();
    }

    private void StopWorker()
    {
        if (worker is null)
        {
            return;
        }

        stop!.Cancel();
        worker.Join();
        queue!.Dispose();
        stop.Dispose();
        worker = null;
        queue = null;
        stop = null;
        position = consumed;
    }

    private sealed record Prepared(float[] LowResolution, long[] LowShape, float[] HighResolution, long[] HighShape, Position After, int Skipped);

    private sealed record Position(int Epoch, int Cursor, string Random)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Epoch}:{Cursor}:{Random}");

        public static Position Parse(string text)
        {
            var parts = (Guard.NotNull(text)).Split(':');
            if (parts.Length != 3)
            {
                throw new FormatException($"'{text}' is not a batch-stream state (epoch:cursor:random).");
            }

            return new Position(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]);
        }
    }
}
