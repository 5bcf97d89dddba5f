using System.CommandLine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Cli;

/// <summary>The --precision option of the commands that run GEMMs on a device: fp32 (the default) or tf32.</summary>
public static class PrecisionOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--precision")
        {
            Description = "GEMM and convolution arithmetic: fp32, or tf32 (operands rounded to TF32 and multiplied "
                + "on tensor cores, sums in fp32; cuda, and ilgpu-cpu emulating it; OpenCL and the CPU backends stay "
                + "fp32)",
            DefaultValueFactory = _ => "fp32",
        };
        return option.AcceptOnlyChoices("fp32", "tf32");
    }

    public static GemmPrecision Parse(ParseResult parse, Option<string> option)
        => parse.GetValue(option) == "tf32" ? GemmPrecision.Tf32 : GemmPrecision.Fp32;
}
