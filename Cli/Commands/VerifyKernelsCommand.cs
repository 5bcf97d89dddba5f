using System.CommandLine;
using System.Diagnostics;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Verification;
using TcnWtaNative.Training.Verification;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// `tcnwta verify-kernels [--device D] [--precision fp32|tf32]`: the parity suite the NUnit tests run (every op at
/// several shapes, then whole training steps), on the chosen device against the SIMD CPU backend (against the scalar
/// loops when the chosen device is the SIMD CPU itself); at tf32, outputs computed through GEMMs are held to
/// <see cref="Tolerance.Tf32"/> instead of <see cref="Tolerance.Float"/>. One line per op with its worst absolute and
/// relative error; exit 1 on any failure.
/// Runs from the self-contained build, so a GPU machine without the .NET SDK can check its kernels.
/// </summary>
public static class VerifyKernelsCommand
{
    public static Command Create()
    {
        var device = DeviceOption.Create();
        var precisionOption = PrecisionOption.Create();
        var command = new Command("verify-kernels",
            "Check every op and whole training steps on a device against the CPU backend") { device, precisionOption };
        command.SetGuardedAction(parse =>
        {
            var precision = PrecisionOption.Parse(parse, precisionOption);
            using var candidate = DeviceOption.Open(parse, device, precision);
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
            return failed == 0 ? 0 : 1;
        });
        return command;
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
