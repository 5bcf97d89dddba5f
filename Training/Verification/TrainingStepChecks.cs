using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Verification;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Training.Verification;

/// <summary>
/// Whole training steps (forward, loss, backward, Adam) several in a row on both backends from the same seeded
/// model and batch: every step's loss, then the last step's winner mask, gradients, parameters and Adam moments
/// must agree. Catches what op-by-op checks cannot: buffers reused across layers, slices of the parameter buffer,
/// and state carried from one step to the next. The sizes stay small so ILGPU's CPU accelerator runs them quickly.
/// </summary>
public static class TrainingStepChecks
{
    private const int Steps = 3;

    /// <summary>
    /// With and without a TCN, each sparsifier, both losses, clipping and unit-norm atoms, a padded batch.
    /// </summary>
    public static IEnumerable<ParityCheck> All()
    {
        yield return Check("no TCN, top-k, MSE",
            new AutoencoderConfig { InputChannels = 6, Atoms = 10, FrameLength = 4, TopK = 3 }, batch: 4, length: 16);
        yield return Check("TCN [5, 7], top-k, MSE, padded to whole frames", new AutoencoderConfig
        {
            InputChannels = 4, Atoms = 9, FrameLength = 4, TcnWidths = [5, 7], TcnKernel = 3, TopK = 2,
        }, batch: 2, length: 18);
        yield return Check("TCN [6, 6], spatial, L1", new AutoencoderConfig
        {
            InputChannels = 5, Atoms = 8, FrameLength = 3, TcnWidths = [6, 6], TcnKernel = 2,
            Sparsity = SparsityKind.Spatial, Loss = LossKind.L1,
        }, batch: 3, length: 15);
        yield return Check("no TCN, lifetime, clipped gradients, unit-norm atoms", new AutoencoderConfig
        {
            InputChannels = 5, Atoms = 6, FrameLength = 4, Sparsity = SparsityKind.Lifetime, LifetimeRate = 0.5f,
        }, batch: 6, length: 12, clipNorm: 0.5, unitNormAtoms: true);
    }

    private static ParityCheck Check(string name, AutoencoderConfig config, int batch, int length,
        double? clipNorm = null, bool unitNormAtoms = false)
        => new("training steps",
            $"{name}: B={batch} C={config.InputChannels} T={length} N={config.Atoms} "
            + $"K={config.FrameLength}, {Steps} steps", h =>
        {
            var input = h.RandomValues(batch * config.InputChannels * length, 0f, 1f);
            using var candidate = new Trainee(h.Candidate, config, input, batch, length, clipNorm, unitNormAtoms);
            using var reference = new Trainee(h.Reference, config, input, batch, length, clipNorm, unitNormAtoms);
            for (int step = 1; step <= Steps; step++)
                h.Compare($"loss at step {step}", [reference.Step()], [candidate.Step()], h.Gemm);
            h.Compare("winner mask", reference.Download(m => m.Model.CodeMask.Buffer),
                candidate.Download(m => m.Model.CodeMask.Buffer), Tolerance.Exact);
            h.Compare("gradients", reference.Download(m => m.Model.Parameters.Gradients),
                candidate.Download(m => m.Model.Parameters.Gradients), h.Gemm);
            h.Compare("parameters", reference.Download(m => m.Model.Parameters.Values),
                candidate.Download(m => m.Model.Parameters.Values), h.Gemm);
            h.Compare("first moment", reference.Download(m => m.Optimizer.FirstMoment),
                candidate.Download(m => m.Optimizer.FirstMoment), h.Gemm);
            h.Compare("second moment", reference.Download(m => m.Optimizer.SecondMoment),
                candidate.Download(m => m.Optimizer.SecondMoment), h.Gemm);
        });

    // One backend's model, optimizer and batch, stepped in lockstep with the other's.
    private sealed class Trainee : IDisposable
    {
        private readonly IComputeBackend _backend;
        private readonly AdamOptimizer _optimizer;
        private readonly Tensor _batch;
        private readonly TrainingStep _step;

        public Trainee(IComputeBackend backend, AutoencoderConfig config, float[] input, int batch, int length,
            double? clipNorm, bool unitNormAtoms)
        {
            _backend = backend;
            Model = new Autoencoder(config, backend, seed: 7);
            _optimizer = new AdamOptimizer(backend, Model.Parameters,
                new AdamSettings(LearningRate: 1e-3f, WeightDecay: 1e-2f, Decoupled: true));
            _batch = Tensor.FromHost(backend, input, batch, config.InputChannels, length);
            _step = new TrainingStep(Model, _optimizer, clipNorm, unitNormAtoms);
        }

        public Autoencoder Model { get; }

        public AdamOptimizer Optimizer => _optimizer;

        public float Step() => _step.Run(_batch);

        public float[] Download(Func<Trainee, DeviceBuffer> select)
        {
            var buffer = select(this);
            var values = new float[buffer.Length];
            _backend.Download(buffer, values);
            return values;
        }

        public void Dispose()
        {
            _batch.Dispose();
            _optimizer.Dispose();
            Model.Dispose();
        }
    }
}
