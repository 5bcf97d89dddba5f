using System.CommandLine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Checkpoints;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// `tcnwta export --model M --out F [--half] [--overwrite]`: a weights-only copy of a model
/// (<see cref="ModelExport"/>), in float16 with --half; an existing --out is replaced only with --overwrite.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "A model file (.safetensors), or the run folder that holds one", Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "The weights-only copy to write (.safetensors)",
            Required = true,
        }.WritingModel();
        var half = new Option<bool>("--half")
        {
            Description = "Store the weights as float16 (half the size; every command reads it as float32)",
        };
        var overwrite = new OverwriteOption();
        var command = new Command("export",
            "Write a weights-only copy of a model (weights, config, representation), optionally in float16")
        {
            model, output, half, overwrite.Option,
        };
        command.SetGuardedAction(parse =>
        {
            string outPath = parse.GetValue(output)!;
            overwrite.CheckFiles(parse, [outPath], [TrainedModel.FileOf(parse.GetValue(model)!)]);
            var precision = parse.GetValue(half) ? StoredPrecision.Float16 : StoredPrecision.Float32;
            using var backend = ComputeDevices.Create("cpu");   // only holds the weights while they are converted
            var exported = ModelExport.Write(parse.GetValue(model)!, outPath, precision, backend);
            string type = precision == StoredPrecision.Float16 ? "float16" : "float32";
            Console.WriteLine(
                $"wrote {exported.Path}: {exported.Parameters} parameters as {type}, "
                + $"{ByteSizes.Describe(exported.Bytes)}");
            return 0;
        });
        return command;
    }
}
