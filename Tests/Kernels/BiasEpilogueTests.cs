using System.Numerics.Tensors;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The windowed forward adds its bias on each finished block of the GEMM: the same sum as adding it to the finished
/// output, so equal to the bit to the forward without bias followed by that addition.
/// </summary>
public class BiasEpilogueTests
{
    [TestCase(2, 13, 9, 300, 3, 2, 4, TestName = "two items, dilation 2")]
    [TestCase(1, 64, 64, 4096, 3, 1, 2, TestName = "a TCN layer")]
    [TestCase(1, 5, 140, 100, 3, 1, 2, TestName = "more rows than are read in place")]
    public void BiasOnBlocksEqualsBiasAfterTheForward(int batch, int inChannels, int outChannels, int length,
        int taps, int dilation, int pad)
    {
        var g = new ConvGeometry(batch, inChannels, outChannels, length, taps, Dilation: dilation, PadLeft: pad);
        using var cpu = new CpuBackend();
        var x = cpu.Uploaded(RandomTensors.UniformFloat(g.InputSize, 1));
        var w = cpu.Uploaded(RandomTensors.UniformFloat(g.WeightSize, 2));
        var biasValues = RandomTensors.UniformFloat(outChannels, 3);
        var bias = cpu.Uploaded(biasValues);
        var (withBias, withoutBias) = (cpu.Allocate(g.OutputSize), cpu.Allocate(g.OutputSize));

        cpu.Conv1dForward(g, x, w, bias, withBias);
        cpu.Conv1dForward(g, x, w, null, withoutBias);

        var expected = cpu.Downloaded(withoutBias);
        for (int row = 0; row < batch * outChannels; row++)
        {
            var span = expected.AsSpan(row * length, length);
            TensorPrimitives.Add(span, biasValues[row % outChannels], span);
        }
        Assert.That(cpu.Downloaded(withBias), Is.EqualTo(expected));
    }
}
