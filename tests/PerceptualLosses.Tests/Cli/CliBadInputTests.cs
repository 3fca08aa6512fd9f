using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Imaging;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Runs;
using PerceptualLosses.Tests.Study;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Cli;

/// <summary>
/// Every verb tried as a new user might: missing, empty, truncated and non-image files, a folder where a file is expected
/// and the reverse, corrupt or wrong-architecture weights, a grey image against an RGB one, option values out of range.
/// Each must end in one paragraph on standard error that names the option or file, exit code 2, and no stack trace.
/// </summary>
[Collection(CliTests.Name)]
public sealed class CliBadInputTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-cli-bad-").FullName;
    private readonly Dictionary<string, string> places;

    public CliBadInputTests()
    {
        string P(string name) => Path.Combine(root, name);
        using (var scope = NewDisposeScope())
        using (var generator = new Generator(3))
        {
            ImageIO.Save(rand(new long[] { 3, 80, 80 }, generator: generator), P("rgb.png"));
            var grey = rand(new long[] { 1, 80, 80 }, generator: generator);
            ImageIO.Save(grey, P("grey.png"));
            ImageIO.Save(grey.expand(3, -1, -1), P("grey-as-rgb.png"));
            ImageIO.Save(rand(new long[] { 3, 40, 40 }, generator: generator), P("small.png"));
        }

        File.WriteAllBytes(P("empty.png"), Array.Empty<byte>());
        var png = File.ReadAllBytes(P("rgb.png"));
        File.WriteAllBytes(P("truncated.png"), png.Take(png.Length / 2).ToArray());
        File.WriteAllText(P("notes.png"), "these are notes, not an image");
        File.WriteAllText(P("corrupt.pth"), "not a weights file");
        Directory.CreateDirectory(P("images"));
        File.Copy(P("rgb.png"), Path.Combine(P("images"), "a.png"));
        Directory.CreateDirectory(P("empty-folder"));
        Directory.CreateDirectory(P("bad-images")); // one good image and one truncated one, e.g. a download cut short
        File.Copy(P("rgb.png"), Path.Combine(P("bad-images"), "a.png"));
        File.Copy(P("truncated.png"), Path.Combine(P("bad-images"), "cut.png"));
        Directory.CreateDirectory(P("cut-images"));
        File.Copy(P("truncated.png"), Path.Combine(P("cut-images"), "cut.png"));

        // A trained-looking EnhanceNet (tiny, untrained), one with damaged weights and one with a VGG's weights.
        string weights = Path.Combine(StudyPipelineTests.DataRoot(), "weights");
        foreach (string folder in new[] { "generator", "generator-corrupt", "generator-vgg" })
        {
            Directory.CreateDirectory(P(folder));
        }

        using (var generator = new EnhanceNet(EnhanceNetOptions.Tiny))
        {
            ModelStore.SaveEnhanceNet(generator, EnhanceNetOptions.Tiny, Path.Combine(P("generator"), SuperResolutionRunner.WeightsName));
        }

        File.WriteAllText(Path.Combine(P("generator-corrupt"), SuperResolutionRunner.WeightsName), "not a weights file");
        File.Copy(Path.Combine(weights, "vgg19_w16.dat"), Path.Combine(P("generator-vgg"), SuperResolutionRunner.WeightsName));
        foreach (string folder in new[] { "generator-corrupt", "generator-vgg" })
        {
            ModelStore.WriteEnhanceNetOptions(EnhanceNetOptions.Tiny, Path.Combine(P(folder), "enhancenet.json"));
        }

        places = new Dictionary<string, string>
        {
            ["{rgb}"] = P("rgb.png"),
            ["{grey}"] = P("grey.png"),
            ["{grey-as-rgb}"] = P("grey-as-rgb.png"),
            ["{small}"] = P("small.png"),
            ["{missing}"] = P("missing.png"),
            ["{empty}"] = P("empty.png"),
            ["{truncated}"] = P("truncated.png"),
            ["{notes}"] = P("notes.png"),
            ["{corrupt}"] = P("corrupt.pth"),
            ["{images}"] = P("images"),
            ["{empty-folder}"] = P("empty-folder"),
            ["{bad-images}"] = P("bad-images"),
            ["{cut-images}"] = P("cut-images"),
            ["{alex-lin}"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips", "official", "alex.pth"),
            ["{missing-folder}"] = P("nowhere"),
            ["{generator}"] = Path.Combine(P("generator"), SuperResolutionRunner.WeightsName),
            ["{generator-corrupt}"] = Path.Combine(P("generator-corrupt"), SuperResolutionRunner.WeightsName),
            ["{generator-vgg}"] = Path.Combine(P("generator-vgg"), SuperResolutionRunner.WeightsName),
            ["{vgg19}"] = Path.Combine(weights, "vgg19_w16.dat"),
            ["{resnet50}"] = Path.Combine(weights, "resnet50_w16.dat"),
            ["{fashion}"] = Path.Combine(StudyPipelineTests.DataRoot(), "fashion-mnist"),
            ["{vgg16}"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips", "vgg16_w8.pth"),
            ["{out}"] = P("out"),
        };
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Fill(string text) => places.Aggregate(text, (s, kv) => s.Replace(kv.Key, kv.Value, StringComparison.Ordinal));

    /// <summary>Runs a command line (placeholders filled) and checks the policy: exit 2, one paragraph naming <paramref name="expected"/>, no stack trace.</summary>
    private void AssertUserError(string commandLine, string expected)
    {
        string[] args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Fill).ToArray();
        var (code, output, error) = CliRunner.Run(args);
        string all = output + error;
        string why = $"perceptual {string.Join(' ', args)}{Environment.NewLine}exit {code}{Environment.NewLine}stdout: {output}{Environment.NewLine}stderr: {error}";
        Assert.True(code == 2, why);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error), why);
        Assert.DoesNotContain(Environment.NewLine + Environment.NewLine, error.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", error, StringComparison.Ordinal); // a library parameter is not what the user typed
        Assert.True(error.Contains(Fill(expected), StringComparison.OrdinalIgnoreCase), $"stderr should name '{Fill(expected)}'.{Environment.NewLine}{why}");
    }

    public static TheoryData<string, string> MissingFiles() => new()
    {
        { "resize --input {missing} --out {out}/a.png --scale 2", "{missing}" },
        { "upscale --model {missing} --input {rgb} --out {out}/a.png", "--model" },
        { "upscale --model {generator} --input {missing} --out {out}/a.png", "{missing}" },
        { "loss --spec E --prediction {missing} --target {rgb}", "{missing}" },
        { "loss --spec EP --vgg-weights {missing} --prediction {rgb} --target {rgb}", "--vgg-weights" },
        { "metrics --reference {missing} --distorted {rgb}", "{missing}" },
        { "metrics --reference {rgb} --distorted {rgb} --lpips-weights {missing} --vgg16-weights {vgg19}", "--lpips-weights" },
        { "train-sr --train {missing-folder} --val {images} --loss E --steps 1 --out {out}", "--train" },
        { "train-lpips --data {missing-folder} --vgg16-weights {vgg19} --out {out}", "--data" },
        { "train-classifier --data {missing-folder} --out {out}", "--data" },
        { "robustness --model {missing} --arch resnet50 --data {fashion}", "--model" },
        { "normalize-vgg --weights {missing} --images {images} --out {out}/v.dat", "--weights" },
        { "study --config {missing} --dry-run", "--config" },
        { "merge --out {missing-folder}", "--out" },
        { "merge --out {out} --from {missing-folder}", "--from" },
        { "weights {missing}", "{missing}" },
        { "normalize-vgg --weights {vgg19} --images {missing-folder} --out {out}/v.dat", "--images" },
        { "train-sr --train {images} --val {missing-folder} --loss E --steps 1 --out {out}", "--val" },
    };

    [Theory]
    [MemberData(nameof(MissingFiles))]
    public void MissingFile_IsOneParagraph_Exit2(string commandLine, string expected) => AssertUserError(commandLine, expected);

    public static TheoryData<string, string> EmptyFiles() => new()
    {
        { "resize --input {empty} --out {out}/a.png --scale 2", "{empty}" },
        { "upscale --model {generator} --input {empty} --out {out}/a.png", "{empty}" },
        { "loss --spec E --prediction {rgb} --target {empty}", "{empty}" },
        { "metrics --reference {rgb} --distorted {empty}", "{empty}" },
        { "loss --spec EP --vgg-weights {empty} --prediction {rgb} --target {rgb}", "--vgg-weights" },
        { "robustness --model {empty} --arch resnet50 --data {fashion}", "--model" },
        { "normalize-vgg --weights {empty} --images {images} --out {out}/v.dat", "--weights" },
        { "study --config {empty} --dry-run", "--config" },
        { "weights {empty}", "{empty}" },
        { "train-lpips --data {images} --vgg16-weights {empty} --out {out}", "--vgg16-weights" },
        { "metrics --reference {rgb} --distorted {rgb} --lpips-weights {empty} --vgg16-weights {vgg16}", "--lpips-weights" },
        { "normalize-vgg --weights {vgg19} --images {empty-folder} --out {out}/v.dat", "--images '{empty-folder}' holds no image" },
        { "train-sr --train {empty-folder} --val {images} --loss E --steps 1 --out {out}", "{empty-folder}" },
        { "metrics --reference {empty-folder} --distorted {empty-folder}", "{empty-folder}" },
    };

    [Theory]
    [MemberData(nameof(EmptyFiles))]
    public void EmptyFile_IsOneParagraph_Exit2(string commandLine, string expected) => AssertUserError(commandLine, expected);

    public static TheoryData<string, string> TruncatedOrNonImageFiles() => new()
    {
        { "resize --input {truncated} --out {out}/a.png --scale 2", "{truncated}" },
        { "resize --input {notes} --out {out}/a.png --scale 2", "{notes}" },
        { "upscale --model {generator} --input {truncated} --out {out}/a.png", "{truncated}" },
        { "upscale --model {generator} --input {notes} --out {out}/a.png", "{notes}" },
        { "loss --spec E --prediction {truncated} --target {rgb}", "{truncated}" },
        { "loss --spec E --prediction {rgb} --target {notes}", "{notes}" },
        { "metrics --reference {truncated} --distorted {rgb}", "{truncated}" },
        { "metrics --reference {rgb} --distorted {notes}", "{notes}" },
        { "study --config {notes} --dry-run", "{notes}" },
        { "weights {corrupt}", "{corrupt}" },
        { "weights {notes}", "{notes}" },
        { "train-sr --train {cut-images} --val {images} --loss E --steps 1 --model tiny --patch 32 --batch 1 --out {out}", "cut.png" }, // read by the prefetch thread
        { "normalize-vgg --weights {vgg19} --images {bad-images} --out {out}/v.dat", "cut.png" },
    };

    [Theory]
    [MemberData(nameof(TruncatedOrNonImageFiles))]
    public void TruncatedOrNonImageFile_IsOneParagraph_Exit2(string commandLine, string expected) => AssertUserError(commandLine, expected);

    public static TheoryData<string, string> FoldersAndFilesSwapped() => new()
    {
        { "resize --input {images} --out {rgb} --scale 2", "--out" },
        { "upscale --model {images} --input {rgb} --out {out}/a.png", "--model" },
        { "loss --spec E --prediction {images} --target {rgb}", "--prediction" },
        { "metrics --reference {images} --distorted {rgb}", "--distorted" },
        { "metrics --reference {rgb} --distorted {rgb} --lpips-weights {images} --vgg16-weights {vgg19}", "--lpips-weights" },
        { "train-sr --train {rgb} --val {images} --loss E --steps 1 --out {out}", "--train" },
        { "train-sr --train {images} --val {images} --loss EP --vgg-weights {images} --steps 1 --out {out}", "--vgg-weights" },
        { "train-lpips --data {rgb} --vgg16-weights {vgg19} --out {out}", "--data" },
        { "train-classifier --data {rgb} --out {out}", "--data" },
        { "robustness --model {images} --arch resnet50 --data {fashion}", "--model" },
        { "robustness --model {resnet50} --arch resnet50 --num-classes 10 --width 0.0625 --data {rgb}", "--data" },
        { "normalize-vgg --weights {images} --images {images} --out {out}/v.dat", "--weights" },
        { "normalize-vgg --weights {vgg19} --images {rgb} --out {out}/v.dat", "--images" },
        { "study --config {images} --dry-run", "--config" },
        { "merge --out {rgb}", "--out" },
        { "merge --out {out} --from {rgb}", "--from" },
        { "weights {images}", "{images}" },
        { "upscale --model {generator} --input {rgb} --out {images}", "{images}" },
        { "train-lpips --data {images} --vgg16-weights {images} --out {out}", "--vgg16-weights" },
        { "normalize-vgg --weights {vgg19} --images {images} --out {images}", "{images}" },
    };

    [Theory]
    [MemberData(nameof(FoldersAndFilesSwapped))]
    public void FolderWhereAFileIsExpected_OrTheReverse_IsOneParagraph_Exit2(string commandLine, string expected) => AssertUserError(commandLine, expected);

    public static TheoryData<string, string> BadWeights() => new()
    {
        { "upscale --model {generator-corrupt} --input {rgb} --out {out}/a.png", "{generator-corrupt}" },
        { "upscale --model {generator-vgg} --input {rgb} --out {out}/a.png", "{generator-vgg}" },
        { "loss --spec EP --vgg-weights {corrupt} --prediction {rgb} --target {rgb}", "{corrupt}" },
        { "loss --spec EP --vgg-weights {resnet50} --prediction {rgb} --target {rgb}", "{resnet50}" },
        { "metrics --reference {rgb} --distorted {rgb} --lpips-weights {corrupt} --vgg16-weights {vgg16}", "{corrupt}" },
        { "metrics --reference {rgb} --distorted {rgb} --lpips-weights {vgg19} --vgg16-weights {vgg16}", "{vgg19}" },
        { "metrics --reference {rgb} --distorted {rgb} --lpips-weights {vgg19} --vgg16-weights {corrupt}", "{corrupt}" },
        { "metrics --reference {rgb} --distorted {rgb} --lpips-weights {vgg19} --vgg16-weights {vgg19}", "{vgg19}" },
        { "train-sr --train {images} --val {images} --loss EP --vgg-weights {corrupt} --steps 1 --out {out}", "{corrupt}" },
        { "robustness --model {corrupt} --arch resnet50 --data {fashion}", "{corrupt}" },
        { "robustness --model {resnet50} --arch resnet50 --num-classes 10 --width 1 --data {fashion} --limit 2", "{resnet50}" },
        { "robustness --model {resnet50} --arch vgg19 --num-classes 10 --width 0.0625 --data {fashion} --limit 2", "{resnet50}" },
        { "normalize-vgg --weights {corrupt} --images {images} --out {out}/v.dat", "{corrupt}" },
        { "normalize-vgg --weights {resnet50} --images {images} --out {out}/v.dat", "{resnet50}" },
        { "train-sr --train {images} --val {images} --loss EP --vgg-weights {resnet50} --steps 1 --out {out}", "'{resnet50}' is not a torchvision VGG: it holds a ResNet-50" },
        { "metrics --reference {rgb} --distorted {rgb} --lpips-net alex --lpips-weights {alex-lin} --lpips-trunk-weights {vgg19}", "--lpips-trunk-weights" },
        { "metrics --reference {rgb} --distorted {rgb} --rlpips-weights {vgg16} --vgg16-weights {vgg16}", "--rlpips-weights" },
        { "upscale --model {vgg19} --input {rgb} --out {out}/a.png", "--model" },
    };

    [Theory]
    [MemberData(nameof(BadWeights))]
    public void CorruptOrWrongArchitectureWeights_AreOneParagraph_Exit2(string commandLine, string expected) => AssertUserError(commandLine, expected);

    public static TheoryData<string, string> OutOfRange() => new()
    {
        { "resize --input {rgb} --out {out}/a.png --scale 0", "--scale" },
        { "resize --input {rgb} --out {out}/a.png --scale -2", "--scale" },
        { "resize --input {rgb} --out {out}/a.png --scale 2 --method lanczos", "--method" },
        { "loss --spec E+*P(pool2) --prediction {rgb} --target {rgb}", "E+*P(pool2)" },
        { "loss --spec E --prediction {rgb} --target {small}", "{small}" },
        { "metrics --reference {rgb} --distorted {rgb} --shave -1", "--shave" },
        { "metrics --reference {rgb} --distorted {rgb} --shave 40", "--shave" },
        { "metrics --reference {rgb} --distorted {rgb} --data-range 7", "--data-range" },
        { "metrics --reference {rgb} --distorted {rgb} --color purple", "--color" },
        { "metrics --reference {rgb} --distorted {small}", "{small}" },
        { "metrics --reference {rgb} --distorted {rgb} --device cuda:7", "cuda" },
        { "train-sr --train {images} --val {images} --loss E --steps 0 --out {out}", "--steps" },
        { "train-sr --train {images} --val {images} --loss E --steps 1 --lr -1 --out {out}", "--lr" },
        { "train-sr --train {images} --val {images} --loss E --steps 1 --batch 0 --out {out}", "--batch-size" },
        { "train-sr --train {images} --val {images} --loss E --steps 1 --scale 1 --out {out}", "--scale" },
        { "train-sr --train {images} --val {images} --loss E --steps 1 --patch 2 --out {out}", "--patch" },
        { "train-sr --train {images} --val {images} --loss E --steps 1 --checkpoint-every 0 --out {out}", "--checkpoint-every" },
        { "train-lpips --data {images} --vgg16-weights {vgg19} --out {out} --lr 0", "--lr" },
        { "train-lpips --data {images} --vgg16-weights {vgg19} --out {out} --epochs 0", "--epochs" },
        { "train-classifier --data {fashion} --out {out} --epochs 0", "--epochs" },
        { "train-classifier --data {fashion} --out {out} --lr -0.1", "--lr" },
        { "train-classifier --data {fashion} --out {out} --adversarial sometimes", "--adversarial" },
        { "train-classifier --data {fashion} --out {out} --arch alexnet", "--arch" },
        { "robustness --model {resnet50} --arch resnet50 --data {fashion} --limit -1", "--limit" },
        { "robustness --model {resnet50} --arch resnet50 --data {fashion} --epsilon 0", "--epsilon" },
        { "robustness --model {resnet50} --arch resnet50 --data {fashion} --batch-size 0", "--batch-size" },
        { "normalize-vgg --weights {vgg19} --images {images} --out {out}/v.dat --max-images -3", "--max-images" },
        { "study --steps 0 --dry-run", "--steps" },
        { "study --lr -1 --dry-run", "--lr" },
        { "demo --batch 0 --dry-run", "--batch-size" },
        { "check-device --device tpu", "tpu" },
        { "info --threads 2", "--threads" },
        { "upscale --model {generator} --input {rgb} --out {out}/a.png --device tpu", "tpu" },
        { "study --shard 0/3 --dry-run", "0/3" },
        { "study --shard x --dry-run", "'x'" },
        { "metrics --reference {rgb} --distorted {rgb} --metrics psnr,foo", "--metrics" },
        { "metrics --reference {rgb} --distorted {rgb} --csv {out}/m.csv", "--csv" }, // folder mode only: not ignored
        { "train-sr --train {images} --val {images} --loss E --steps 1 --model huge --out {out}", "--model" },
        { "robustness --model {resnet50} --arch resnet50 --data {fashion} --crop 0", "--crop" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void OptionOutOfRange_IsOneParagraph_Exit2(string commandLine, string expected) => AssertUserError(commandLine, expected);

    [Theory]
    [InlineData("{grey}", "{rgb}", "rgb")]
    [InlineData("{rgb}", "{grey}", "y")]
    [InlineData("{grey}", "{grey-as-rgb}", "rgb")]
    public void Metrics_GreyAgainstRgb_IsAnErrorThatSaysSo(string reference, string distorted, string color) =>
        AssertUserError($"metrics --reference {reference} --distorted {distorted} --color {color}", "grey");

    [Fact]
    public void Metrics_GreyAgainstRgb_WithColorGray_ComparesTheGreyLevels()
    {
        var (code, output, error) = CliRunner.Run("metrics", "--reference", Fill("{grey}"), "--distorted", Fill("{grey-as-rgb}"), "--color", "gray", "--json");
        Assert.True(code == 0, error);
        Assert.Contains("\"psnr\": \"Infinity\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInternalError_IsExit1_WithTheStackTraceOnlyUnderVerbose()
    {
        var bug = new KeyNotFoundException("boom");
        var (quiet, quietError) = Capture(() => PerceptualLosses.Cli.ErrorPolicy.Report(bug, "metrics", verbose: false));
        Assert.Equal(1, quiet);
        Assert.Contains("--verbose", quietError, StringComparison.Ordinal);

        Exception thrown;
        try
        {
            throw new KeyNotFoundException("boom");
        }
        catch (KeyNotFoundException e)
        {
            thrown = e;
        }

        var (verbose, verboseError) = Capture(() => PerceptualLosses.Cli.ErrorPolicy.Report(thrown, "metrics", verbose: true));
        Assert.Equal(1, verbose);
        Assert.Contains("   at ", verboseError, StringComparison.Ordinal);
    }

    private static (int Code, string Error) Capture(Func<int> run)
    {
        var stderr = Console.Error;
        using var writer = new StringWriter();
        Console.SetError(writer);
        try
        {
            return (run(), writer.ToString());
        }
        finally
        {
            Console.SetError(stderr);
        }
    }
}
