using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The Adam/AdamW update (one thread per parameter, scalars precomputed on the host exactly as the reference
/// computes them) and the unit-norm constraint on dictionary rows (one group per row, a tree sum of squares).
/// </summary>
internal sealed class OptimizerKernels
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        AdamScalars> _adam;
    private readonly Action<KernelConfig, ArrayView<float>, int> _normalizeRows;

    public OptimizerKernels(Accelerator accelerator)
    {
        _adam = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, AdamScalars>(AdamStep);
        _normalizeRows = accelerator.LoadStreamKernel<ArrayView<float>, int>(NormalizeRows);
    }

    public void AdamStep(in AdamSettings settings, int step, ArrayView<float> parameters, ArrayView<float> gradients,
        ArrayView<float> firstMoment, ArrayView<float> secondMoment)
    {
        if (parameters.Length == 0) return;
        _adam((int)parameters.Length, parameters, gradients, firstMoment, secondMoment,
            AdamScalars.For(settings, step));
    }

    // matrix[rows, rowLength]: each row scaled to unit L2 norm; one group per row.
    public void NormalizeRows(ArrayView<float> matrix, int rows, int rowLength)
    {
        if (rows == 0 || rowLength == 0) return;
        _normalizeRows(GroupReduce.Config(rows), matrix, rowLength);
    }

    // torch.optim.Adam / AdamW for parameter i at the step the scalars were made for.
    private static void AdamStep(Index1D i, ArrayView<float> parameters, ArrayView<float> gradients,
        ArrayView<float> m, ArrayView<float> v, AdamScalars s)
    {
        float grad = gradients[i];
        if (s.Decoupled != 0) parameters[i] *= 1f - s.LearningRate * s.WeightDecay;
        else grad += s.WeightDecay * parameters[i];
        m[i] = s.Beta1 * m[i] + (1f - s.Beta1) * grad;
        v[i] = s.Beta2 * v[i] + (1f - s.Beta2) * grad * grad;
        parameters[i] -= s.StepSize * m[i] / (MathF.Sqrt(v[i]) / s.SqrtCorrection2 + s.Epsilon);
    }

    // Group r: matrix[r, :] *= 1 / ||matrix[r, :]||, rows of zeros untouched.
    private static void NormalizeRows(ArrayView<float> matrix, int rowLength)
    {
        int start = Grid.IdxX * rowLength;
        float sum = 0f;
        for (int i = Group.IdxX; i < rowLength; i += Group.DimX) sum += matrix[start + i] * matrix[start + i];
        sum = GroupReduce.Sum(sum);
        if (sum == 0f) return;
        float inverse = 1f / MathF.Sqrt(sum);
        for (int i = Group.IdxX; i < rowLength; i += Group.DimX) matrix[start + i] *= inverse;
    }
}

/// <summary>The per-step scalars of an Adam update, computed once on the host in float as the reference does.</summary>
internal readonly record struct AdamScalars(
    float LearningRate, float Beta1, float Beta2, float Epsilon, float WeightDecay, int Decoupled, float StepSize,
        float SqrtCorrection2)
{
    public static AdamScalars For(in AdamSettings s, int step)
    {
        float correction1 = 1f - float.Pow(s.Beta1, step);
        float correction2 = 1f - float.Pow(s.Beta2, step);
        return new AdamScalars(s.LearningRate, s.Beta1, s.Beta2, s.Epsilon, s.WeightDecay, s.Decoupled ? 1 : 0,
            s.LearningRate / correction1, float.Sqrt(correction2));
    }
}
