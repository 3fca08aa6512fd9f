using System;
using System.IO;
using PerceptualLosses.Imaging;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Examples;

/// <summary>Runs every program of samples/PerceptualLosses.Examples on the repository's tiny data, as a user would.</summary>
[Collection(GlobalRandomTests.Name)]
public sealed class ExampleProgramsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-examples-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string SamplesData
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "samples", "data");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("samples/data not found above the test binaries.");
        }
    }

    private static int Run(params string[] args) => PerceptualLosses.Examples.Program.Main(args);

    [Fact]
    public void ScoreFolder_ScoresBicubicOutputsOfTheDemoImages()
    {
        string reference = Path.Combine(SamplesData, "images", "test");
        string outputs = Directory.CreateDirectory(Path.Combine(root, "sr")).FullName;
        foreach (string file in Directory.GetFiles(reference, "*.png"))
        {
            using var scope = NewDisposeScope();
            var hr = ImageIO.Load(file).unsqueeze(0);
            var sr = MatlabResize.Imresize(MatlabResize.Imresize(hr, 0.25), 4).clamp(0, 1);
            ImageIO.Save(sr, Path.Combine(outputs, Path.GetFileName(file)));
        }

        Assert.Equal(0, Run("score-folder", "--reference", reference, "--distorted", outputs, "--scale", "4"));
    }

    [Fact]
    public void ScoreFolder_MissingOutput_IsExitCode2()
    {
        string reference = Path.Combine(SamplesData, "images", "test");
        Assert.Equal(2, Run("score-folder", "--reference", reference, "--distorted", root));
    }

    [Fact]
    public void Attack_TrainsAndAttacksItsOwnClassifier()
    {
        Assert.Equal(0, Run("attack", "--data", Path.Combine(SamplesData, "fashion-mnist"), "--train", "150", "--epochs", "3", "--pgd-steps", "10", "--apgd-steps", "5"));
    }

    [Fact]
    public void Train_UsesALossSpecStringWithTheCommittedVgg()
    {
        Assert.Equal(0, Run("train", "--images", Path.Combine(SamplesData, "images", "train"), "--vgg-weights", Path.Combine(SamplesData, "weights", "vgg19_w16.dat"),
            "--width-divisor", "16", "--spec", "E + 0.1*P(relu2_2)", "--steps", "12"));
    }

    [Fact]
    public void LpipsLoss_LowersTheDistanceOfABlurredImage()
    {
        string fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips");
        // A 64×64 crop keeps the run short; the program is the same for a full image.
        string image = Path.Combine(root, "coffee64.png");
        using (var scope = NewDisposeScope())
        {
            ImageIO.Save(ImageIO.Load(Path.Combine(SamplesData, "images", "test", "coffee.png")).narrow(1, 40, 64).narrow(2, 60, 64), image);
        }

        Assert.Equal(0, Run("lpips-loss", "--image", image, "--vgg16-weights", Path.Combine(fixtures, "vgg16_w8.pth"), "--lpips-weights", Path.Combine(fixtures, "lin_w8.pth"), "--steps", "6"));
    }

    [Fact]
    public void UnknownExample_IsExitCode2()
    {
        Assert.Equal(2, Run("no-such-example"));
    }
}
