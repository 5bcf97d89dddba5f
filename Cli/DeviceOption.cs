using System.CommandLine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Cli;

/// <summary>The --device option every command shares, and opening the chosen device (announced on stderr).</summary>
public static class DeviceOption
{
    public static Option<string> Create() => new Option<string>("--device")
    {
        Description = $"compute device: {string.Join("|", ComputeDevices.Names)}",
        DefaultValueFactory = _ => "auto",
    }.AcceptingOnly(ComputeDevices.Names);

    public static IComputeBackend Open(ParseResult parse, Option<string> option)
    {
        var backend = ComputeDevices.Create(parse.GetValue(option)!);
        Console.Error.WriteLine($"device: {backend.Name}");
        return backend;
    }

    private static Option<string> AcceptingOnly(this Option<string> option, string[] values)
    {
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
