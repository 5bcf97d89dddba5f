using System.CommandLine;
using System.Text.Json;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// `tcnwta bench`: measures the machine's FMA peak and memory bandwidth, then times full training steps (forward, MSE,
/// backward, Adam) of a canonical config on one or more devices; prints ms per step (median), GFLOP/s and the fraction
/// of the peak, the per-op split, and memory (peak working set, live bytes, bytes per time step, bytes allocated per
/// step). With --threads, a worker-count sweep of the CPU backend instead: step and per-op GFLOP/s, fraction of peak
/// and speed-up per count. With --gemm-kernels, a sweep of one ILGPU device's GEMM kernels instead: the step and its
/// ops per kernel choice. With --op union-decode, that op alone instead (it is no part of a training step). With
/// --replay-workers, the CPU's per-op split also replayed for a host of that many cores (StepBenchmark.Replay).
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "Canonical config: groove|maestro",
            DefaultValueFactory = _ => "groove",
        };
        config.AcceptOnlyChoices("groove", "maestro");
        var devices = new Option<string>("--device")
        {
            Description = $"Device, or a comma-separated list to compare ({string.Join("|", ComputeDevices.Names)})",
            DefaultValueFactory = _ => "cpu",
        };
        var steps = new Option<int>("--steps")
        {
            Description = "Timed steps (the median is reported)",
            DefaultValueFactory = _ => 10,
        };
        var warmup = new Option<int>("--warmup")
        {
            Description = "Untimed steps first, so the JIT has promoted the hot code (.NET "
                + "compiles in tiers) before timing",
            DefaultValueFactory = _ => 10,
        };
        var profileSteps = new Option<int>("--profile-steps")
        {
            Description = "Steps timed op by op for the per-op split",
            DefaultValueFactory = _ => 3,
        };
        var length = new Option<int?>("--length")
        {
            Description = "Time steps T per input instead of the config's (memory scaling: maestro at 32768)",
        };
        var json = new Option<bool>("--json") { Description = "End with one JSON line per device (per thread count "
            + "with --threads)" };
        var threads = new Option<string?>("--threads")
        {
            Description = "A worker-count sweep of --device cpu, for example 1,2,4,8,16: each run capped at that many "
                + "workers, against the FMA peak and memory bandwidth of as many threads, with its speed-up over the "
                + "first",
        };
        var op = new Option<string>("--op")
        {
            Description = "Time one op alone instead of training steps: union-decode (the union code's decode of "
                + $"{UnionDecodeBenchmark.Frames} groove-best frames; median ms and GB/s over --steps calls) or "
                + $"threshold-search (the gain search over {ThresholdSearchBenchmark.Frames} groove-best frames; "
                + "median ms and billions of frame-atom-cell triples a second)",
        };
        op.AcceptOnlyChoices("union-decode", "threshold-search");
        var gemmKernels = new Option<bool>("--gemm-kernels")
        {
            Description = "A GEMM kernel sweep of one ILGPU --device: the step and its per-op split once per way the "
                + "device can run its GEMMs (the default shape rules, each kernel on every GEMM, no split-K), each "
                + "with its speed-up over the default; what tunes the kernel choice per shape on a GPU",
        };
        var replayWorkers = new Option<int?>("--replay-workers")
        {
            Description = "With --device cpu: also replay the per-op split's steps for a host of this many cores, "
                + $"1 to {MaxReplayWorkers}: each parallel run's items one after another on one core, charged what "
                + "this many workers taking them in order would take; a bound from task granularity and serial code "
                + "alone (no wake-ups, shared caches or memory bandwidth)",
        };
        var precision = PrecisionOption.Create();
        var command = new Command("bench",
            "Time full training steps of a canonical config against the machine's FMA peak and memory bandwidth")
            { config, devices, steps, warmup, profileSteps, length, json, threads, precision, op, gemmKernels,
                replayWorkers };
        command.SetGuardedAction(parse =>
        {
            var benchmark = BenchmarkConfigs.ByName(parse.GetValue(config)!);
            int timed = parse.GetValue(steps), untimed = parse.GetValue(warmup),
                profiled = parse.GetValue(profileSteps);
            int timeSteps = parse.GetValue(length) ?? benchmark.Length;
            if (timed < 1 || untimed < 0 || profiled < 1)
                throw new ArgumentException("--steps and --profile-steps must be positive and --warmup not negative");
            if (timeSteps < 1) throw new ArgumentException($"--length must be positive, got {timeSteps}");
            ModelLimits.CheckBatch(benchmark.Model, benchmark.Batch, timeSteps);
            var names = parse.GetValue(devices)!.Split(',',
                StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0) throw new ArgumentException("--device names no device");
            var sweep = parse.GetValue(threads) is string list ? ThreadSweep.Parse(list, CoreWorkers.Count) : null;
            if (sweep is not null && names is not ["cpu"]) throw new ArgumentException("--threads sweeps the CPU "
                + "backend's workers: use it with --device cpu alone");
            int? replay = parse.GetValue(replayWorkers);
            if (replay is int workers && (workers < 1 || workers > MaxReplayWorkers))
                throw new ArgumentException($"--replay-workers must be 1 to {MaxReplayWorkers}, got {workers}");
            if (replay is not null && (names is not ["cpu"] || sweep is not null || parse.GetValue(op) is not null))
                throw new ArgumentException("--replay-workers replays the CPU backend's training step: use it with "
                    + "--device cpu alone, without --threads or --op");
            bool kernelSweep = parse.GetValue(gemmKernels);
            if (kernelSweep && (sweep is not null || parse.GetValue(op) is not null))
                throw new ArgumentException("--gemm-kernels sweeps the GEMM kernels of the training step: drop "
                    + (sweep is not null ? "--threads" : "--op"));
            if (kernelSweep && names.Length != 1)
                throw new ArgumentException("--gemm-kernels sweeps one ILGPU device: name one --device (cuda, opencl "
                    + "or ilgpu-cpu)");
            var gemmPrecision = PrecisionOption.Parse(parse, precision);
            // an unknown or absent device, or tf32 on the CPU, once failed only after a minute of peak measurement
            foreach (string name in names) ComputeDevices.Create(name, gemmPrecision).Dispose();
            var kernelChoices = kernelSweep ? GemmKernelChoices.For(names[0], gemmPrecision) : null;
            if (parse.GetValue(op) is not null)
            {
                if (sweep is not null)
                    throw new ArgumentException("--op times one op on each --device: drop --threads");
                UnreadOptions.Refuse(parse, "--op, which times one op at its own shape in fp32",
                    [config, length, profileSteps, precision]);
                string name = parse.GetValue(op)!;
                bool asJson = parse.GetValue(json);
                return name == "union-decode"
                    ? OneOp(name, names,
                        device => UnionDecodeBenchmark.Measure(device, UnionDecodeBenchmark.Frames, timed, untimed),
                        result => BenchReport.UnionDecode(result, timed, untimed), asJson)
                    : OneOp(name, names,
                        device => ThresholdSearchBenchmark.Measure(device, ThresholdSearchBenchmark.Frames, timed,
                            untimed),
                        result => BenchReport.ThresholdSearch(result, timed, untimed), asJson);
            }
            if (sweep is not null && gemmPrecision != GemmPrecision.Fp32)
                throw new ArgumentException(
                    "--threads sweeps the CPU backend, which computes in fp32 only: drop --precision");
            BenchReport.Header(benchmark, timeSteps, timed, untimed, profiled);
            if (sweep is not null)
            {
                var runs = ThreadSweep.Run(sweep, count =>
                {
                    Console.Error.WriteLine($"measuring cpu on {count} threads ...");
                    var peakThere = FmaPeak.Measure(threads: count);
                    var bandwidthThere = MemoryBandwidth.Measure(threads: count);
                    BenchReport.Peak(peakThere, bandwidthThere);
                    return StepBenchmark.Measure("cpu", benchmark, timeSteps, timed, untimed, profiled, peakThere,
                        bandwidthThere);
                });
                BenchReport.Sweep(runs);
                if (parse.GetValue(json))
                    foreach (var run in runs) Console.WriteLine(JsonSerializer.Serialize(run, AutoencoderConfig.Json));
                return 0;
            }
            var peak = FmaPeak.Measure();
            var bandwidth = MemoryBandwidth.Measure();
            BenchReport.Peak(peak, bandwidth);
            if (kernelChoices is not null)
            {
                var runs = GemmKernelSweep.Run(kernelChoices, names[0], benchmark, timeSteps, timed, untimed, profiled,
                    peak, bandwidth, gemmPrecision,
                    label => Console.Error.WriteLine($"measuring {names[0]}, {label} ..."));
                BenchReport.KernelSweep(runs);
                if (parse.GetValue(json))
                    foreach (var run in runs) Console.WriteLine(JsonSerializer.Serialize(run, AutoencoderConfig.Json));
                return 0;
            }
            var results = names.Select(name =>
            {
                Console.Error.WriteLine($"measuring {name} ...");
                var measured = StepBenchmark.Measure(name, benchmark, timeSteps, timed, untimed, profiled, peak,
                    bandwidth, gemmPrecision);
                if (replay is int simulated) Console.Error.WriteLine($"replaying cpu for {simulated} cores ...");
                return measured with
                {
                    BytesPerTimeStep = BytesPerTimeStep(name, benchmark, timeSteps, gemmPrecision),
                    Replay = replay is int cores ? StepBenchmark.Replay(benchmark, timeSteps, untimed, profiled, cores,
                        peak) : null,
                };
            }).ToList();
            BenchReport.Steps(results);
            foreach (var result in results) BenchReport.Ops(result);
            foreach (var result in results) BenchReport.Replay(result);
            BenchReport.Memory(results);
            if (parse.GetValue(json))
                foreach (var result in results)
                    Console.WriteLine(JsonSerializer.Serialize(result, AutoencoderConfig.Json));
            return 0;
        });
        return command;
    }

    // simulated cores of --replay-workers: past any host's core count, and far past where items run out
    private const int MaxReplayWorkers = 1024;

    // --op NAME: the op measured alone on each device, one report line each, and its JSON line when asked for
    private static int OneOp<T>(string name, string[] devices, Func<string, T> measure, Action<T> report, bool json)
    {
        var results = devices.Select(device =>
        {
            Console.Error.WriteLine($"measuring {name} on {device} ...");
            return measure(device);
        }).ToList();
        foreach (var result in results) report(result);
        if (json)
            foreach (var result in results) Console.WriteLine(JsonSerializer.Serialize(result, AutoencoderConfig.Json));
        return 0;
    }

    // (live bytes at T - live bytes at a second length) / the difference, both measured the same way after the
    // timed run (so buffers the process keeps across models count in neither); the second length is T/2 when that
    // is still whole frames, else 2T
    private static double? BytesPerTimeStep(string device, BenchmarkConfig benchmark, int length,
        GemmPrecision precision)
    {
        int frame = benchmark.Model.FrameLength;
        int other = length / 2 >= frame && length / 2 % frame == 0 ? length / 2 : 2 * length;
        if (StepBenchmark.LiveBytesAfterOneStep(device, benchmark, other, precision) is not long atOther) return null;
        if (StepBenchmark.LiveBytesAfterOneStep(device, benchmark, length, precision) is not long atLength) return null;
        return (double)(atLength - atOther) / (length - other);
    }
}
