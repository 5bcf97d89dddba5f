using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// `tcnwta bench`: times full training steps (forward, MSE, backward, Adam) of a canonical config on one or more
/// devices in one run; prints the median ms per step, GFLOP/s and each device's speed relative to the first.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "canonical config: groove|maestro", DefaultValueFactory = _ => "groove" };
        config.AcceptOnlyFromAmong("groove", "maestro");
        var devices = new Option<string>("--device") { Description = $"device, or a comma-separated list to compare ({string.Join("|", ComputeDevices.Names)})", DefaultValueFactory = _ => "cpu" };
        var steps = new Option<int>("--steps") { Description = "timed steps (the median is reported)", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "untimed steps first", DefaultValueFactory = _ => 2 };
        var json = new Option<bool>("--json") { Description = "end with one JSON line per device" };
        var command = new Command("bench", "time full training steps of a canonical config") { config, devices, steps, warmup, json };
        command.SetGuardedAction(parse =>
        {
            var benchmark = BenchmarkConfigs.ByName(parse.GetValue(config)!);
            int timed = parse.GetValue(steps), untimed = parse.GetValue(warmup);
            if (timed < 1 || untimed < 0) throw new ArgumentException("--steps must be positive and --warmup not negative");
            var names = parse.GetValue(devices)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            double flops = TrainingStep.FlopsPerStep(benchmark.Model, benchmark.Batch, benchmark.Length);
            AnsiConsole.MarkupLine($"[bold]bench {benchmark.Name}[/]: " + Markup.Escape(
                $"B={benchmark.Batch}, C={benchmark.Model.InputChannels}, T={benchmark.Length}, N={benchmark.Model.Atoms}, K={benchmark.Model.FrameLength}, " +
                $"k={benchmark.Model.TopK}, TCN widths [{string.Join(",", benchmark.Model.TcnWidths)}]; " +
                $"{flops / 1e9:F2} GFLOP per step; median of {timed} steps after {untimed} warm-up"));
            var results = names.Select(name => Measure(name, benchmark, timed, untimed, flops)).ToList();
            var table = new Table().AddColumns("device", "ms/step (median)", "min", "max", "GFLOP/s", $"speed vs {results[0].Device}");
            foreach (var result in results)
                table.AddRow(Markup.Escape(result.DeviceName), $"{result.MsPerStepMedian:F2}", $"{result.MinMs:F2}", $"{result.MaxMs:F2}",
                    $"{result.GflopsPerSecond:F1}", $"{results[0].MsPerStepMedian / result.MsPerStepMedian:F2}x");
            AnsiConsole.Write(table);
            if (parse.GetValue(json))
                foreach (var result in results) Console.WriteLine(JsonSerializer.Serialize(result, AutoencoderConfig.Json));
            return 0;
        });
        return command;
    }

    public sealed record Result(string Config, string Device, string DeviceName, int Steps, double MsPerStepMedian, double MinMs, double MaxMs, double GflopsPerSecond, double FinalLoss);

    private static Result Measure(string deviceName, BenchmarkConfig benchmark, int timed, int untimed, double flops)
    {
        using var backend = ComputeDevices.Create(deviceName);
        Console.Error.WriteLine($"device: {backend.Name}");
        using var model = new Autoencoder(benchmark.Model, backend, seed: 1);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 1e-3f));
        var step = new TrainingStep(model, optimizer);
        using var input = Tensor.FromHost(backend, benchmark.MakeInput(new Random(1), benchmark.Batch, benchmark.Model.InputChannels, benchmark.Length),
            benchmark.Batch, benchmark.Model.InputChannels, benchmark.Length);
        float loss = 0;
        for (int i = 0; i < untimed; i++) loss = step.Run(input);
        var times = new double[timed];
        for (int i = 0; i < timed; i++)
        {
            var clock = Stopwatch.StartNew();
            loss = step.Run(input);
            backend.Synchronize();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        double median = timed % 2 == 1 ? times[timed / 2] : (times[timed / 2 - 1] + times[timed / 2]) / 2;
        return new Result(benchmark.Name, deviceName, backend.Name, timed, median, times[0], times[^1], flops / (median * 1e6), loss);
    }
}
