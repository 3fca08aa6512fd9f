using System;
using PerceptualLosses.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Runtime;

public class DeviceSelectorTests
{
    [Fact]
    public void Parse_Cpu_And_Auto_WorkWithoutCuda()
    {
        Assert.Equal(DeviceType.CPU, DeviceSelector.Parse("cpu").type);
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, DeviceSelector.Parse("auto").type);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public void Parse_Cuda_ThrowsWithInstructions_WhenCudaIsUnavailable(string spec)
    {
        if (cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, DeviceSelector.Parse(spec).type); // a GPU machine: the spelling must work
            return;
        }

        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Parse(spec));
        Assert.Contains("TorchBackend=cuda", error.Message, StringComparison.Ordinal);
        Assert.Contains(spec, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void Parse_RejectsUnknownSpellings(string spec)
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Parse(spec));
        Assert.Contains(DeviceSelector.AcceptedValues, error.Message, StringComparison.Ordinal);
    }
}
