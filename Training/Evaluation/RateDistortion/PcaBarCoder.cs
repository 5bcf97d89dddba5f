using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// The dense reference: at b non-zeros per bar, each bar [C, T] is its projection on the first b principal axes of
/// the training bars (plus their mean, which costs no coefficient). Dense: every bar uses all b coefficients.
/// </summary>
public sealed class PcaBarCoder : IBarCoder
{
    private readonly PrincipalComponents _pca;
    private readonly int _size;

    /// <summary>
    /// Fits <paramref name="components"/> axes (the largest budget to be asked) to the training bars [trainCount, C,
    /// T].
    /// </summary>
    public PcaBarCoder(float[] trainBars, int trainCount, int channels, int steps, int components)
    {
        _size = channels * steps;
        if (trainBars.Length != trainCount * _size)
            throw new ArgumentException($"{trainCount} bars of {_size} values expected, got {trainBars.Length} values");
        var rows = new double[trainCount][];
        for (int i = 0; i < trainCount; i++)
        {
            rows[i] = new double[_size];
            for (int j = 0; j < _size; j++) rows[i][j] = trainBars[i * _size + j];
        }
        _pca = PrincipalComponents.Fit(rows, components);
    }

    public string Method => "pca";
    public int AtomsAt(int nonzerosPerBar) => nonzerosPerBar;

    public bool Supports(int nonzerosPerBar) => nonzerosPerBar >= 1 && nonzerosPerBar <= _pca.Components.Length;

    public string BudgetMeaning(int nonzerosPerBar) => $"{nonzerosPerBar} principal coefficients per bar (dense)";

    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        if (!Supports(nonzerosPerBar))
            throw new ArgumentException($"PCA was fit with {_pca.Components.Length} components, not {nonzerosPerBar}");
        var output = new float[count * _size];
        var row = new double[_size];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < _size; j++) row[j] = bars[i * _size + j];
            var approximation = _pca.Approximate(row, nonzerosPerBar);
            for (int j = 0; j < _size; j++) output[i * _size + j] = (float)approximation[j];
        }
        return output;
    }
}
