namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// The least-squares refit step of the Lloyd refits (<see cref="GainLloyd"/>, <see cref="UnionLloyd"/>): every atom
/// cell a [N, frameSize] becomes Σ g x / Σ g² over the (frame, cell) pairs it was made responsible for, x the frame's
/// value there and g the gain that frame coded the atom with; a cell with none keeps its value. Sums in double, in
/// the order the pairs are added.
/// </summary>
internal sealed class CellRefit(float[] frames, int atomValues, int frameSize)
{
    private readonly double[] _sums = new double[atomValues];
    private readonly double[] _weights = new double[atomValues];

    /// <summary>Makes <paramref name="atom"/>, at <paramref name="gain"/>, responsible for cell
    /// <paramref name="row"/> of frame <paramref name="frame"/>.</summary>
    public void Add(int frame, int atom, float gain, int row)
    {
        _sums[atom * frameSize + row] += gain * (double)frames[frame * frameSize + row];
        _weights[atom * frameSize + row] += (double)gain * gain;
    }

    /// <summary>atoms [N, frameSize] with every cell that was added refit; a new array.</summary>
    public float[] Apply(float[] atoms)
    {
        var refit = (float[])atoms.Clone();
        for (int i = 0; i < refit.Length; i++) if (_weights[i] > 0) refit[i] = (float)(_sums[i] / _weights[i]);
        return refit;
    }
}
