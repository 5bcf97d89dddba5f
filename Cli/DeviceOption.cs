using System.CommandLine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Cli;

/// <summary>The --device option every command shares, and opening the chosen device (announced on stderr).</summary>
public static class DeviceOption
{
    public static Option<string> Create() => new Option<string>("--device")
    {
        Description = "Compute device: auto (a CUDA GPU, else an OpenCL GPU, else cpu), cpu (SIMD), cuda, opencl, "
            + "ilgpu-cpu (the GPU kernels on ILGPU's CPU accelerator: slow, for checking), scalar (naive baseline)",
        DefaultValueFactory = _ => "auto",
    }.AcceptingOnly(ComputeDevices.Names);

    public static IComputeBackend Open(ParseResult parse, Option<string> option)
        => Open(parse, option, GemmPrecision.Fp32);

    /// <summary>Opens the chosen device with its GEMMs at <paramref name="precision"/>, each shape's plan chosen by
    /// timing when <paramref name="tuneGemms"/>.</summary>
    public static IComputeBackend Open(ParseResult parse, Option<string> option, GemmPrecision precision,
        bool tuneGemms = false)
    {
        string name = parse.GetValue(option)!;
        var backend = ComputeDevices.Create(name, precision, tuneGemms);
        Console.Error.WriteLine(name == "auto" ? $"device: auto -> {backend.Name}" : $"device: {backend.Name}");
        return backend;
    }

    private static Option<string> AcceptingOnly(this Option<string> option, string[] values)
    {
        option.AcceptOnlyChoices(values);
        return option;
    }
}
