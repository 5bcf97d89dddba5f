using System.CommandLine;
using System.Diagnostics;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Verification;
using TcnWtaNative.Training.Verification;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// `tcnwta verify-kernels [--device D] [--precision fp32|tf32] [--gemm-kernels]`: the parity suite the NUnit tests run
/// (every op at several shapes, then whole training steps), on the chosen device against the SIMD CPU backend (against
/// the scalar loops when the chosen device is the SIMD CPU itself); at tf32, outputs computed through GEMMs are held to
/// <see cref="Tolerance.Tf32"/> instead of <see cref="Tolerance.Float"/>. One line per op with its worst absolute and
/// relative error; exit 1 on any failure. With --gemm-kernels, the suite once per GEMM kernel choice of an ILGPU
/// device (<see cref="GemmKernelChoices"/>), so a kernel the shape rules do not yet choose is checked on a GPU before
/// the bench times it.
/// Runs from the self-contained build, so a GPU machine without the .NET SDK can check its kernels.
/// </summary>
public static class VerifyKernelsCommand
{
    public static Command Create()
    {
        var device = DeviceOption.Create();
        var precisionOption = PrecisionOption.Create();
        var gemmKernels = new Option<bool>("--gemm-kernels")
        {
            Description = "Run the checks once per way an ILGPU device can run its GEMMs (the default shape rules, "
                + "each kernel on every GEMM, no split-K): every kernel `bench --gemm-kernels` times, checked first",
        };
        var command = new Command("verify-kernels",
            "Check every op and whole training steps on a device against the CPU backend")
            { device, precisionOption, gemmKernels };
        command.SetGuardedAction(parse =>
        {
            var precision = PrecisionOption.Parse(parse, precisionOption);
            if (!parse.GetValue(gemmKernels))
            {
                using var candidate = DeviceOption.Open(parse, device, precision);
                return Verify(candidate, precision) ? 0 : 1;
            }
            var choices = GemmKernelChoices.For(parse.GetValue(device)!, precision);
            var failing = new List<string>();
            foreach (var choice in choices)
            {
                Console.WriteLine($"== GEMM kernels: {choice.Label}");
                using var candidate = choice.Open();
                if (!Verify(candidate, precision)) failing.Add(choice.Label);
            }
            Console.WriteLine(failing.Count == 0
                ? $"every one of the {choices.Count} GEMM kernel choices passed"
                : $"FAILED with GEMM kernels: {string.Join("; ", failing)}");
            return failing.Count == 0 ? 0 : 1;
        });
        return command;
    }

    // Every check on candidate against the CPU backend (the scalar loops for the CPU backend itself), one line per
    // op; true when all pass.
    private static bool Verify(IComputeBackend candidate, GemmPrecision precision)
    {
        using IComputeBackend reference = candidate is CpuBackend ? new ScalarBackend() : new CpuBackend();
        Console.WriteLine($"checking {candidate.Name}");
        Console.WriteLine($"against  {reference.Name}");
        var clock = Stopwatch.StartNew();
        var checks = KernelChecks.All().Concat(TrainingStepChecks.All()).ToList();
        int failed = 0;
        foreach (var op in checks.GroupBy(check => check.Op))
            failed += Report(op.Key, op.Select(check => check.Run(candidate, reference, precision)).ToList());
        Console.WriteLine(failed == 0
            ? $"all {checks.Count} checks passed in {clock.Elapsed.TotalSeconds:F1} s"
            : $"{failed} of {checks.Count} checks FAILED ({clock.Elapsed.TotalSeconds:F1} s)");
        return failed == 0;
    }

    // One line for the op, then one line per failed case; returns the number of failed cases.
    private static int Report(string op, IReadOnlyList<ParityResult> results)
    {
        var failures = results.Where(result => !result.Passed).ToList();
        double absolute = results.Max(result => result.MaxAbsoluteError),
            relative = results.Max(result => result.MaxRelativeError);
        Console.WriteLine(
            $"{op,-24} {results.Count,3} cases  max abs err {absolute,9:0.00e+00}  max rel err {relative,9:0.00e+00}  "
            + $"{(failures.Count == 0 ? "PASS" : "FAIL")}");
        foreach (var failure in failures) Console.WriteLine($"    FAIL {failure.Case}: {failure.Failure}");
        return failures.Count;
    }
}
