using System.CommandLine;
using System.Text.Json;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// `tcnwta reference-check`: one forward and backward pass of a fixed, formula-filled model (no TCN, channel top-k,
/// MSE mean), printed as JSON so any other implementation (PyTorch, say) can be compared number for number.
/// Filling: value_i = 0.5 * sin(0.37 * i + (S + offset)) in double, rounded to float, i from 0 per tensor in
/// row-major order; offset 0 for x [B,Cin,T], 1 for W_enc [N,Cin,K], 2 for W_dec [N,Cin,K].
/// </summary>
public static class ReferenceCheckCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "S in the filling formula", Required = true };
        var batch = new Option<int>("--b") { Description = "Batch size B", DefaultValueFactory = _ => 2 };
        var channels = new Option<int>("--cin") { Description = "Input channels Cin", DefaultValueFactory = _ => 5 };
        var length = new Option<int>("--t") { Description = "Time steps T", DefaultValueFactory = _ => 12 };
        var atoms = new Option<int>("--atoms") { Description = "Dictionary atoms N", DefaultValueFactory = _ => 7 };
        var kernel = new Option<int>("--kernel")
        {
            Description = "Atom length K (kernel = stride)",
            DefaultValueFactory = _ => 4,
        };
        var k = new Option<int>("--k") { Description = "Winners kept per code column", DefaultValueFactory = _ => 2 };
        var device = DeviceOption.Create();
        var command = new Command("reference-check",
            "Print one forward/backward pass of a formula-filled model as JSON, to compare with another implementation")
        {
            seed, batch, channels, length, atoms, kernel, k, device,
        };
        command.SetGuardedAction(parse =>
        {
            int s = parse.GetValue(seed), b = parse.GetValue(batch), c = parse.GetValue(channels),
                t = parse.GetValue(length);
            int n = parse.GetValue(atoms), frame = parse.GetValue(kernel);
            if (b < 1 || c < 1 || t < 1 || n < 1 || frame < 1)
                throw new ArgumentException("--b, --cin, --t, --atoms and --kernel must be positive");
            if (t % frame != 0)
                throw new ArgumentException(
                    $"--t ({t}) must be a multiple of --kernel ({frame}) so that T/K code columns exist");
            var config = new AutoencoderConfig { InputChannels = c, Atoms = n, FrameLength = frame,
                Sparsity = SparsityKind.ChannelTopK, TopK = parse.GetValue(k) };
            ModelLimits.CheckModel(config);
            ModelLimits.CheckBatch(config, b, t);
            using var backend = DeviceOption.Open(parse, device);
            Console.WriteLine(Run(backend, config, b, t, s));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The JSON object: loss, recon [B,Cin,T], code [B,N,T/K], grad_enc and grad_dec [N,Cin,K], flattened row-major.
    /// </summary>
    public static string Run(IComputeBackend backend, AutoencoderConfig config, int batch, int length, int seed)
    {
        using var model = new Autoencoder(config, backend, seed);
        backend.Upload(Fill(config.Atoms * config.InputChannels * config.FrameLength, seed + 1),
            model.EncoderWeight.Value);
        backend.Upload(Fill(config.Atoms * config.InputChannels * config.FrameLength, seed + 2), model.Atoms.Value);
        using var input = Tensor.FromHost(backend, Fill(batch * config.InputChannels * length, seed), batch,
            config.InputChannels, length);
        var reconstruction = model.Forward(input);
        float loss = model.ComputeLoss();
        model.Backward();
        return JsonSerializer.Serialize(new
        {
            loss,
            recon = reconstruction.ToHost(backend),
            code = model.Code.ToHost(backend),
            grad_enc = Download(backend, model.EncoderWeight.Gradient),
            grad_dec = Download(backend, model.Atoms.Gradient),
        });
    }

    // value_i = 0.5 * sin(0.37 * i + phase), computed in double, rounded to float
    public static float[] Fill(int count, double phase)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(0.5 * Math.Sin(0.37 * i + phase));
        return values;
    }

    private static float[] Download(IComputeBackend backend, DeviceBuffer buffer)
    {
        var values = new float[buffer.Length];
        backend.Download(buffer, values);
        return values;
    }
}
