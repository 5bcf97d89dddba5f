using TcnWtaNative.Engine.Inference;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// How a set of pieces uses each atom: summed activation, code columns where it is active (non-zero), and the
/// columns seen in all. What the atoms command sorts by and the drum generator samples from.
/// </summary>
public sealed class AtomUsage(int atoms)
{
    /// <summary>Summed activation of each atom [N].</summary>
    public double[] Activation { get; } = new double[atoms];
    /// <summary>Columns in which each atom is active [N].</summary>
    public long[] ActiveColumns { get; } = new long[atoms];
    /// <summary>Code columns seen over all pieces.</summary>
    public long Columns { get; private set; }
    /// <summary>Pieces added.</summary>
    public int Pieces { get; private set; }

    /// <summary>Adds a piece's code [N, L].</summary>
    public void Add(SparseCode code) => Add([code]);

    /// <summary>
    /// Adds one piece's code handed over in windows of columns, in order ([N, columns] each,
    /// <see cref="Windows.WindowedCoding"/>).
    /// </summary>
    public void Add(IEnumerable<SparseCode> windows)
    {
        foreach (var code in windows)
        {
            if (code.Atoms != Activation.Length)
                throw new ArgumentException(
                    $"a code over {code.Atoms} atoms does not fit usage over {Activation.Length}");
            for (int n = 0; n < code.Atoms; n++)
                for (int l = 0; l < code.Columns; l++)
                {
                    float value = code[n, l];
                    if (value == 0) continue;
                    Activation[n] += value;
                    ActiveColumns[n]++;
                }
            Columns += code.Columns;
        }
        Pieces++;
    }

    /// <summary>The mean value of atom n where it is active (0 when it never is).</summary>
    public double MeanActivation(int n) => ActiveColumns[n] == 0 ? 0 : Activation[n] / ActiveColumns[n];

    /// <summary>The fraction of columns in which atom n is active.</summary>
    public double Frequency(int n) => Columns == 0 ? 0 : (double)ActiveColumns[n] / Columns;

    /// <summary>Atom indices by summed activation, most used first (ties to the lower index).</summary>
    public int[] OrderByUsage()
        => [.. Enumerable.Range(0, Activation.Length).OrderByDescending(n => Activation[n]).ThenBy(n => n)];
}
