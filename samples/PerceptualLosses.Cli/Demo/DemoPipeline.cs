using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using PerceptualLosses.Cli.Commands;
using PerceptualLosses.Data;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics.Common;
using PerceptualLosses.Metrics.Gmsd;
using PerceptualLosses.Metrics.Ifc;
using PerceptualLosses.Metrics.Psnr;
using PerceptualLosses.Metrics.Ssim;
using PerceptualLosses.Metrics.Uqi;
using PerceptualLosses.Reproduction.Pipeline;
using PerceptualLosses.Reproduction.Reporting;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Demo;

/// <summary>
/// The study end to end on embedded data: train EnhanceNets per loss, evaluate them and the bicubic baseline, write tables
/// and figures. Every stage is skipped when complete; training resumes from its checkpoint after an interruption.
/// Only wiring: the algorithms come from the libraries.
/// </summary>
internal sealed class DemoPipeline
{
    private readonly DemoConfiguration configuration;
    private readonly StageStore store;
    private readonly Device device;

    public DemoPipeline(DemoConfiguration configuration, string output, bool force, Device device)
    {
        this.configuration = configuration;
        this.device = device;
        store = new StageStore(output, StageStore.Serialize(configuration), force);
    }

    /// <summary>Model identifiers: E, EP, EP-robust, … (E does not use a VGG, so it has no robust twin).</summary>
    public IReadOnlyList<(string Id, string Loss, bool? Robust)> Models()
    {
        var models = new List<(string, string, bool?)>();
        foreach (string loss in configuration.Losses)
        {
            if (loss == "E")
            {
                models.Add(("E", "E", null));
                continue;
            }

            if (configuration.VggWeights is not null)
            {
                models.Add((loss, loss, false));
            }

            if (configuration.RobustVggWeights is not null)
            {
                models.Add(($"{loss}-robust", loss, true));
            }
        }

        return models;
    }

    /// <summary>Runs every stage; returns the stages that ran (others were complete).</summary>
    public IReadOnlyList<string> Run()
    {
        var ran = new List<string>();
        foreach (var (id, loss, robust) in Models())
        {
            foreach (int seed in configuration.Seeds)
            {
                string stage = $"models/{id}-seed{seed}";
                if (store.Run(stage, folder => Train(folder, loss, robust, seed)))
                {
                    ran.Add(stage);
                }
            }
        }

        if (store.Run("evaluation", Evaluate))
        {
            ran.Add("evaluation");
        }

        if (configuration.Classifiers is not null && store.Run("classifiers", Classify))
        {
            ran.Add("classifiers");
        }

        if (store.Run("report", Report))
        {
            ran.Add("report");
        }

        return ran;
    }

    private void Train(string folder, string loss, bool? robust, int seed)
    {
        var run = new SuperResolutionRun(
            configuration.TrainImages, configuration.TestImages, loss, robust == true ? configuration.RobustVggWeights : configuration.VggWeights,
            false, "enhancenet", configuration.Steps, configuration.Model, configuration.Scale, configuration.Patch, configuration.Batch,
            configuration.LearningRate, configuration.Steps, Math.Max(1, configuration.Steps / 4), seed);
        TrainSrCommand.Train(run, folder, resume: true, device, showProgress: true);
    }

    private void Evaluate(string folder)
    {
        var pairs = new SuperResolutionPairs(configuration.TestImages, configuration.Scale);
        var options = MetricOptions.SrPaperY(configuration.Scale);
        var rows = new StringBuilder("loss,robust,seed,dataset,image,psnr,ssim,uqi,gmsd,ifc\n");
        var models = new List<(string Id, string Loss, bool? Robust, int Seed, Func<Tensor, Tensor>? Net)>
        {
            ("bicubic", "bicubic", null, 0, null),
        };
        var loaded = new List<IDisposable>();
        foreach (var (id, loss, robust) in Models())
        {
            foreach (int seed in configuration.Seeds)
            {
                var generator = GeneratorFiles.Load(Path.Combine(store.StageDirectory($"models/{id}-seed{seed}"), GeneratorFiles.WeightsName), device);
                loaded.Add(generator);
                models.Add((id, loss, robust, seed, x => generator.call(x)));
            }
        }

        int total = models.Count * pairs.Count, done = 0;
        ProgressDisplay.Run("evaluation", total, report =>
        {
            using var noGrad = no_grad();
            foreach (var model in models)
            {
                string images = Path.Combine(folder, "images", model.Id + (model.Net is null ? "" : $"-seed{model.Seed}"));
                Directory.CreateDirectory(images);
                for (int i = 0; i < pairs.Count; i++)
                {
                    using var scope = NewDisposeScope();
                    var (lr, hr) = pairs.Load(i);
                    var input = lr.unsqueeze(0).to(device);
                    var output = model.Net is null ? MatlabResize.Imresize(input, configuration.Scale) : model.Net(input);
                    // Reconstructions are judged as saved images: clipped to [0,1].
                    var sr = output.clamp(0, 1).cpu();
                    ImageIO.Save(sr[0], Path.Combine(images, pairs.Names[i] + ".png"));
                    var reference = hr.unsqueeze(0);
                    double Value(Tensor t) => t.to_type(ScalarType.Float64).mean().item<double>();
                    rows.Append(string.Join(",", model.Loss, model.Robust?.ToString() ?? "", model.Seed, "embedded", pairs.Names[i],
                        F(Value(Psnr.Compute(reference, sr, options))), F(Value(Ssim.Compute(reference, sr, options))), F(Value(Uqi.Compute(reference, sr, options))),
                        F(Value(Gmsd.Compute(reference, sr, options))), F(Value(Ifc.Compute(reference, sr, options))))).Append('\n');
                    report(++done, $"{model.Id} {pairs.Names[i]}");
                }
            }
        });
        foreach (var d in loaded)
        {
            d.Dispose();
        }

        File.WriteAllText(Path.Combine(folder, "evaluation.csv"), rows.ToString());
    }

    private void Report(string folder)
    {
        var records = ReadRecords(Path.Combine(store.StageDirectory("evaluation"), "evaluation.csv"));
        var columns = MetricColumn.Table2.Where(c => records.Any(r => r.Metrics.ContainsKey(c.Key))).ToArray();
        var table = StudyTables.Table2(records, columns);
        File.WriteAllText(Path.Combine(folder, "table2.md"), table.ToMarkdown());
        File.WriteAllText(Path.Combine(folder, "table2.csv"), table.ToCsv());
        WriteFigure2(Path.Combine(folder, "figure2.png"));
        string classifiers = store.StageDirectory("classifiers");
        if (configuration.Classifiers is not null)
        {
            foreach (string file in new[] { "table1.md", "table1.csv", "figure1.png", "figure1.csv" })
            {
                File.Copy(Path.Combine(classifiers, file), Path.Combine(folder, file), overwrite: true);
            }
        }
        var report = new StringBuilder();
        report.AppendLine("# Demo report").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Generated by `perceptual demo` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.").AppendLine();
        report.AppendLine("## Table 2 (embedded test images, Y channel, border shave = scale)").AppendLine();
        report.AppendLine(table.ToMarkdown());
        report.AppendLine("![Figure 2](figure2.png)").AppendLine();
        if (configuration.Classifiers is not null)
        {
            report.AppendLine("## Table 1 (classifiers; targeted PGD-50, L2)").AppendLine().AppendLine(File.ReadAllText(Path.Combine(folder, "table1.md")));
            report.AppendLine("![Figure 1](figure1.png)").AppendLine();
        }
        report.AppendLine("## Configuration").AppendLine().AppendLine("```json").AppendLine(StageStore.Serialize(configuration)).AppendLine("```");
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, libtorch {__version__}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}.");
        File.WriteAllText(Path.Combine(folder, "report.md"), report.ToString());
    }

    /// <summary>Table 1 (clean and targeted PGD-50 accuracy) and Figure 1 (judges' error on images upscaled by each model).</summary>
    private void Classify(string folder)
    {
        var setup = configuration.Classifiers!;
        var (grey, labels) = PerceptualLosses.Data.IdxReader.ReadPair(
            Path.Combine(setup.IdxFolder, "t10k-images-idx3-ubyte.gz"), Path.Combine(setup.IdxFolder, "t10k-labels-idx1-ubyte.gz"));
        var images = IdxData.ToRgb(grey, PerceptualLosses.Training.ArchitectureRegistry.MinimumImageNetStyleSize);
        IEnumerable<(Tensor, Tensor)> Batches(Tensor x) => IdxData.Batches(x, labels, 50, shuffleSeed: null);
        var evaluation = new PerceptualLosses.Attacks.RobustnessEvaluationOptions(
            PerceptualLosses.Attacks.PgdOptions.PaperEvaluation with
            {
                Epsilon = setup.Epsilon,
                StepSize = setup.Epsilon * PerceptualLosses.Attacks.PgdOptions.PaperEvaluationStepSize / PerceptualLosses.Attacks.PgdOptions.PaperEvaluationEpsilon,
            },
            Strong: null);
        var rows = new List<(string, bool, double, double)>();
        var judges = new List<(DemoClassifier Info, TorchSharp.torch.nn.Module<Tensor, Tensor> Model)>();
        foreach (var c in setup.Models)
        {
            var model = PerceptualLosses.Training.ArchitectureRegistry.Create(c.Architecture, 3, 32, 10, c.Width);
            model.load(c.Weights);
            model.eval();
            var report = new PerceptualLosses.Attacks.RobustnessEvaluator(evaluation).Evaluate(model, Batches(images));
            rows.Add((c.Name, c.Robust, report.CleanAccuracy, report.PgdAccuracy));
            if (c.Judge)
            {
                judges.Add((c, model));
            }
        }

        var table = StudyTables.Table1(rows);
        File.WriteAllText(Path.Combine(folder, "table1.md"), table.ToMarkdown());
        File.WriteAllText(Path.Combine(folder, "table1.csv"), table.ToCsv());

        // Figure 1: downscale by the SR factor (MATLAB bicubic), upscale with each model, classify with each judge.
        var low = MatlabResize.Imresize(images, 1.0 / configuration.Scale);
        var errors = judges.ToDictionary(j => j.Info, _ => new Dictionary<string, double>());
        var csv = new StringBuilder("model,judge,error\n");
        using (no_grad())
        {
            foreach (var (id, _, _) in Models())
            {
                using var generator = GeneratorFiles.Load(Path.Combine(store.StageDirectory($"models/{id}-seed{configuration.Seeds[0]}"), GeneratorFiles.WeightsName), device);
                var upscaled = generator.call(low.to(device)).clamp(0, 1).cpu();
                string name = id.Replace("-robust", " (robust)", StringComparison.Ordinal);
                foreach (var (info, model) in judges)
                {
                    double error = PerceptualLosses.Metrics.Classification.ClassificationError.Compute(model, Batches(upscaled)).ErrorRate;
                    errors[info][name] = error;
                    csv.Append(CultureInfo.InvariantCulture, $"{name},{info.Name}{(info.Robust ? " robust" : "")},{F(error)}\n");
                }
            }
        }

        File.WriteAllText(Path.Combine(folder, "figure1.csv"), csv.ToString());
        var robustJudge = judges.First(j => j.Info.Robust).Info;
        var normalJudge = judges.First(j => !j.Info.Robust).Info;
        ClassificationErrorFigure.Save(Path.Combine(folder, "figure1.png"), errors[robustJudge], errors[normalJudge]);
    }

    private void WriteFigure2(string path)
    {
        var pairs = new SuperResolutionPairs(configuration.TestImages, configuration.Scale);
        string name = pairs.Names[0];
        var (_, hr) = pairs.Load(0);
        const int Crop = 64;
        int top = (int)(hr.shape[1] - Crop) / 2, left = (int)(hr.shape[2] - Crop) / 2;
        byte[] Tile(Tensor image) =>
            (image.narrow(1, top, Crop).narrow(2, left, Crop).permute(1, 2, 0) * 255 + 0.5).floor().clamp(0, 255).to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        var tiles = new List<(string, byte[])> { ("HR", Tile(hr)) };
        string images = Path.Combine(store.StageDirectory("evaluation"), "images");
        tiles.Add(("bicubic", Tile(ImageIO.Load(Path.Combine(images, "bicubic", name + ".png")))));
        foreach (var (id, _, _) in Models())
        {
            tiles.Add((id.Replace("-robust", " (robust)", StringComparison.Ordinal), Tile(ImageIO.Load(Path.Combine(images, $"{id}-seed{configuration.Seeds[0]}", name + ".png")))));
        }

        ReconstructionGridFigure.Save(path, tiles, Crop, Crop, columns: 4, zoom: 2);
    }

    private static List<EvaluationRecord> ReadRecords(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            var metrics = new Dictionary<string, double>();
            for (int c = 5; c < header.Length; c++)
            {
                metrics[header[c]] = double.Parse(cells[c], CultureInfo.InvariantCulture);
            }

            bool? robust = cells[1].Length == 0 ? null : bool.Parse(cells[1]);
            return new EvaluationRecord(cells[0], robust, int.Parse(cells[2], CultureInfo.InvariantCulture), cells[3], cells[4], metrics);
        }).ToList();
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
