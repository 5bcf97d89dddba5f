using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;
using TcnWtaNative.Kernels.Verification;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The TF32 tensor-core kernel (its mmas emulated on ILGPU's CPU accelerator) against the fp32 SIMD CPU backend at
/// <see cref="Tolerance.Tf32"/> on the convolution checks of `verify-kernels`, so every operand layout goes through the
/// new blocks: frames, patches, adjoint patches, kernel taps and signal rows, overwrite and accumulate, cut into 3 K
/// slices (empty and ragged ones included; a slice runs the unsplit path's code with its own K range). The fixture runs
/// once on each block (<see cref="Tf32Block"/>), forced onto every shape. The catalogue's GEMM checks, and unsplit
/// runs, are left to <see cref="Tf32GemmTests"/> (transposes, beta and splits against an fp64 bound): through the
/// emulation's per-mma shuffles the catalogue's 700x800 outputs take tens of minutes, and each slice count adds several
/// more.
/// </summary>
[NonParallelizable]
[TestFixture(Tf32Block.Rows64)]
[TestFixture(Tf32Block.Rows128)]
public sealed class Tf32ParityTests(Tf32Block block)
{
    private const int Slices = 3;

    private IlgpuBackend _candidate = null!;
    private CpuBackend _reference = null!;

    [OneTimeSetUp]
    public void OpenBackends()
    {
        _reference = new CpuBackend();
        _candidate = new IlgpuBackend(IlgpuDeviceKind.Cpu, SplitKPolicy.Always(Slices),
            GemmTilePolicy.AlwaysTf32(block), GemmPrecision.Tf32);
    }

    [OneTimeTearDown]
    public void CloseBackends()
    {
        _candidate.Dispose();
        _reference.Dispose();
    }

    public static IEnumerable<TestCaseData> Checks()
        => ConvChecks.All().Select(check => new TestCaseData(check).SetArgDisplayNames(check.ToString()));

    [TestCaseSource(nameof(Checks))]
    public void ForcedBlocksMatchTheCpuBackendAtTf32Tolerance(ParityCheck check)
    {
        var result = check.Run(_candidate, _reference, GemmPrecision.Tf32);
        Assert.That(result.Passed, Is.True, result.Failure);
    }
}
