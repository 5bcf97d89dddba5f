using TcnWtaNative.Kernels;
using TcnWtaNative.Tests.Support;
using static TcnWtaNative.Tests.Support.FiniteDifference;
using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<double>;

namespace TcnWtaNative.Tests.Kernels.GradientChecks;

/// <summary>
/// Conv1d and ConvTranspose1d backward passes in float64 against central differences of L = sum(op(inputs) * R),
/// whose gradient w.r.t. the op's output is the random upstream R.
/// </summary>
public class ConvGradientTests
{
    // y[B,Cout,Tout] = conv(x, w) + bias;  L = sum(y * R)
    private static double ConvLoss(in ConvGeometry g, double[] x, double[] w, double[] bias, double[] upstream)
    {
        var y = new double[g.OutputSize];
        Ops.Conv1dForward(g, x, w, bias, y);
        return Dot(y, upstream);
    }

    // ConvTranspose1d: code[B,N,L] with weight [N,C,K] -> y[B,C,T], the conv's input adjoint;  L = sum(y * R)
    private static double TransposeLoss(in ConvGeometry g, double[] code, double[] w, double[] upstream)
    {
        var y = new double[g.InputSize];
        Ops.Conv1dBackwardInput(g, code, w, y, accumulate: false);
        return Dot(y, upstream);
    }

    [TestCaseSource(typeof(ConvCases), nameof(ConvCases.Small))]
    public void Conv1dInputWeightAndBiasGradientsMatchCentralDifferences(ConvGeometry g)
    {
        var x = RandomTensors.Uniform(g.InputSize, 1);
        var w = RandomTensors.Uniform(g.WeightSize, 2);
        var bias = RandomTensors.Uniform(g.OutChannels, 3);
        var upstream = RandomTensors.Uniform(g.OutputSize, 4);

        var dx = new double[g.InputSize];
        Ops.Conv1dBackwardInput(g, upstream, w, dx, accumulate: false);
        var dw = new double[g.WeightSize];
        Ops.Conv1dBackwardWeight(g, x, upstream, dw, accumulate: false);
        var db = new double[g.OutChannels];
        Ops.BiasBackward(g.Batch, g.OutChannels, g.OutLength, upstream, db, accumulate: false);

        AssertGradient("conv dL/dx", p => ConvLoss(g, p, w, bias, upstream), x, dx);
        AssertGradient("conv dL/dw", p => ConvLoss(g, x, p, bias, upstream), w, dw);
        AssertGradient("conv dL/dbias", p => ConvLoss(g, x, w, p, upstream), bias, db);
    }

    [TestCaseSource(typeof(ConvCases), nameof(ConvCases.Small))]
    public void ConvTransposeCodeGradientIsConvForwardAndWeightGradientIsConvBackwardWeight(ConvGeometry g)
    {
        var code = RandomTensors.Uniform(g.OutputSize, 5);
        var w = RandomTensors.Uniform(g.WeightSize, 6);
        var upstream = RandomTensors.Uniform(g.InputSize, 7);

        var dcode = new double[g.OutputSize];
        Ops.Conv1dForward(g, upstream, w, [], dcode);
        var dw = new double[g.WeightSize];
        // roles swapped: x = upstream signal, dy = code
        Ops.Conv1dBackwardWeight(g, upstream, code, dw, accumulate: false);

        AssertGradient("conv-transpose dL/dcode", p => TransposeLoss(g, p, w, upstream), code, dcode);
        AssertGradient("conv-transpose dL/dw", p => TransposeLoss(g, code, p, upstream), w, dw);
    }

    [TestCaseSource(typeof(ConvCases), nameof(ConvCases.Small))]
    public void BackwardInputOverwritesWithoutAccumulateAndAddsWithIt(ConvGeometry g)
    {
        var w = RandomTensors.Uniform(g.WeightSize, 8);
        var dy = RandomTensors.Uniform(g.OutputSize, 9);
        var previous = RandomTensors.Uniform(g.InputSize, 10, 5, 6);
        var fresh = new double[g.InputSize];
        Ops.Conv1dBackwardInput(g, dy, w, fresh, accumulate: false);

        var overwritten = (double[])previous.Clone();
        Ops.Conv1dBackwardInput(g, dy, w, overwritten, accumulate: false);
        var accumulated = (double[])previous.Clone();
        Ops.Conv1dBackwardInput(g, dy, w, accumulated, accumulate: true);

        TensorAssert.Equal(overwritten, fresh, "accumulate: false ignores dx's old contents");
        TensorAssert.AllClose(accumulated, previous.Zip(fresh, (p, f) => p + f).ToArray(), 1e-12, 1e-12,
            "accumulate: true adds to dx");
    }

    [TestCaseSource(typeof(ConvCases), nameof(ConvCases.Small))]
    public void WeightAndBiasGradientsOverwriteWithoutAccumulateAndAddWithIt(ConvGeometry g)
    {
        var x = RandomTensors.Uniform(g.InputSize, 11);
        var dy = RandomTensors.Uniform(g.OutputSize, 12);
        var fresh = new double[g.WeightSize];
        Ops.Conv1dBackwardWeight(g, x, dy, fresh, accumulate: false);
        var freshBias = new double[g.OutChannels];
        Ops.BiasBackward(g.Batch, g.OutChannels, g.OutLength, dy, freshBias, accumulate: false);

        var dw = RandomTensors.Uniform(g.WeightSize, 13, 5, 6);
        var db = RandomTensors.Uniform(g.OutChannels, 14, 5, 6);
        var expectedWeight = dw.Zip(fresh, (p, f) => p + 2 * f).ToArray();
        var expectedBias = db.Zip(freshBias, (p, f) => p + 2 * f).ToArray();
        for (int call = 0; call < 2; call++)
        {
            Ops.Conv1dBackwardWeight(g, x, dy, dw, accumulate: true);
            Ops.BiasBackward(g.Batch, g.OutChannels, g.OutLength, dy, db, accumulate: true);
        }
        TensorAssert.AllClose(dw, expectedWeight, 1e-12, 1e-12, "dw after two calls = old + 2 * gradient");
        TensorAssert.AllClose(db, expectedBias, 1e-12, 1e-12, "db after two calls = old + 2 * gradient");

        Ops.Conv1dBackwardWeight(g, x, dy, dw, accumulate: false);
        Ops.BiasBackward(g.Batch, g.OutChannels, g.OutLength, dy, db, accumulate: false);
        TensorAssert.Equal(dw, fresh, "accumulate: false ignores dw's old contents");
        TensorAssert.Equal(db, freshBias, "accumulate: false ignores db's old contents");
    }
}
