using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// Decoding a code as the union of g · atom's lit hits (<see cref="UnionDecoding"/>, through
/// <see cref="TrainedModel.Decode(SparseCode, int, CodeEncoder)"/>): against a plain per-cell reference written here,
/// for columns of zero to four atoms; where a column holds one atom, the cells the linear decoder lights, and the gain
/// code decodes as the union code.
/// </summary>
public sealed class UnionDecodingTests
{
    private const int Atoms = 6, Steps = GrooveGrid.StepsPerWholeNote, Channels = GrooveGrid.Channels;
    private string _folder = null!;
    private float[] _atoms = null!;
    private CpuBackend _backend = null!;
    private TrainedModel _trained = null!;

    [OneTimeSetUp]
    public void Open()
    {
        _folder = TestModels.OutputFolder();
        var random = new Random(7);
        _atoms = [.. Enumerable.Range(0, Atoms * Channels * Steps).Select(_ => (float)(random.NextDouble() * 2 - 0.5))];
        string path = TestModels.SaveGiven(Path.Combine(_folder, "random.safetensors"), _atoms, _atoms, k: 2);
        _backend = new CpuBackend();
        _trained = TrainedModel.Load(path, _backend);
    }

    [OneTimeTearDown]
    public void Close()
    {
        _trained.Dispose();
        _backend.Dispose();
        Directory.Delete(_folder, true);
    }

    [Test]
    public void TheUnionDecodeMatchesThePerCellReference()
    {
        var code = RandomCode(columns: 12, minPerColumn: 0, maxPerColumn: 4, seed: 3);
        Assert.That(Enumerable.Range(0, code.Columns).Select(l => PerColumn(code, l)).Distinct().Count(),
            Is.GreaterThan(2), "columns of several sizes");

        var decoded = _trained.Decode(code, code.Columns * Steps - 5, CodeEncoder.Union);

        Assert.That(decoded, Is.EqualTo(Reference(code, code.Columns * Steps - 5)));
    }

    [Test]
    public void AColumnOfOneAtomHasTheLinearDecodersHitsAndDecodesAlikeAsAGainCode()
    {
        var code = RandomCode(columns: 10, minPerColumn: 1, maxPerColumn: 1, seed: 4);
        int length = code.Columns * Steps, hitValues = DrumMapping.ClassCount * length;

        var union = _trained.Decode(code, length, CodeEncoder.Union);
        var linear = _trained.Decode(code, length);

        Assert.That(union[..hitValues], Is.EqualTo(linear[..hitValues].Select(h => h > 0.5f ? 1f : 0f)),
            "a hit where g · atom lights the cell, silence elsewhere");
        Assert.That(_trained.Decode(code, length, CodeEncoder.Gain), Is.EqualTo(union));
    }

    [Test]
    public void TwoAtomsLightTheUnionOfTheirHitsWhereTheLinearDecoderSums()
    {
        var code = SparseCode.Zeros(Atoms, 1);
        code.Values[1] = 0.8f;
        code.Values[4] = 1.3f;
        var union = _trained.Decode(code, Steps, CodeEncoder.Union);
        var linear = _trained.Decode(code, Steps);

        for (int cell = 0; cell < DrumMapping.ClassCount * Steps; cell++)
        {
            float one = 0.8f * _atoms[1 * Channels * Steps + cell], other = 1.3f * _atoms[4 * Channels * Steps + cell];
            Assert.That(union[cell] > 0.5f, Is.EqualTo(one > 0.5f || other > 0.5f), $"cell {cell} lit as a union");
            Assert.That(linear[cell], Is.EqualTo(one + other).Within(1e-5f), $"cell {cell} summed");
        }
    }

    // code [N, columns] with minPerColumn..maxPerColumn distinct atoms per column at gains in [0.5, 2)
    private static SparseCode RandomCode(int columns, int minPerColumn, int maxPerColumn, int seed)
    {
        var random = new Random(seed);
        var code = SparseCode.Zeros(Atoms, columns);
        for (int l = 0; l < columns; l++)
        {
            int count = random.Next(minPerColumn, maxPerColumn + 1);
            foreach (int n in Enumerable.Range(0, Atoms).OrderBy(_ => random.Next()).Take(count))
                code.Values[n * columns + l] = (float)(0.5 + 1.5 * random.NextDouble());
        }
        return code;
    }

    private static int PerColumn(SparseCode code, int column)
        => Enumerable.Range(0, code.Atoms).Count(n => code[n, column] != 0);

    // the plain reference: each (channel, step) is decoded by the column's atom with the largest g · h at its drum and
    // step (h the atom's hit value there; the lowest atom on ties): where g · h is above 0.5, 1 on a hit row and on a
    // velocity or offset row the atom's value over h, clamped to [0, 1] or [-1, 1]; zero where it is not and in an
    // empty column; cut to length
    private float[] Reference(SparseCode code, int length)
    {
        var signal = new float[Channels * length];
        for (int t = 0; t < length; t++)
        {
            int l = t / Steps, j = t % Steps;
            for (int c = 0; c < Channels; c++)
            {
                int drum = c % DrumMapping.ClassCount, best = -1;
                float bestHit = float.NegativeInfinity;
                for (int n = 0; n < Atoms; n++)
                {
                    float hit = code[n, l] * _atoms[(n * Channels + drum) * Steps + j];
                    if (code[n, l] != 0 && hit > bestHit) (best, bestHit) = (n, hit);
                }
                if (best < 0 || !(bestHit > 0.5f)) continue;
                float value = _atoms[(best * Channels + c) * Steps + j];
                float h = _atoms[(best * Channels + drum) * Steps + j];
                signal[c * length + t] = c < DrumMapping.ClassCount ? 1f
                    : Math.Clamp(value / h, c < 2 * DrumMapping.ClassCount ? 0f : -1f, 1f);
            }
        }
        return signal;
    }
}
