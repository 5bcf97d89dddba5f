using System.Text.RegularExpressions;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// What ILGPU's CUDA backend emits for the GEMM kernels, compiled without a GPU: the register-blocked kernel reads runs
/// of four floats with 16-byte vector loads in every transpose, waits at one barrier per K step (plus one before the
/// walk), and the 32x32 kernel issues scalar loads only.
/// </summary>
public class GemmPtxTests
{
    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void TheRegisterBlockedKernelLoadsRunsOfFourAsVectors(bool transposeA, bool transposeB)
    {
        string ptx = GemmPtx.Compile(GemmTile.Block64, transposeA, transposeB);
        Assert.Multiple(() =>
        {
            // a and b, each before the K walk and inside it.
            Assert.That(Count(ptx, @"ld\.global\.v4\.f32"), Is.EqualTo(4));
            Assert.That(Count(ptx, @"bar\.sync"), Is.EqualTo(2));
        });
    }

    [Test]
    public void The32KernelLoadsScalars()
        => Assert.That(Count(GemmPtx.Compile(GemmTile.Block32, false, false), @"ld\.global\.v\d"), Is.Zero);

    private static int Count(string ptx, string pattern) => Regex.Matches(ptx, pattern).Count;
}
