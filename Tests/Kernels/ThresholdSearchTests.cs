using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// <see cref="IComputeBackend.ThresholdSearch"/> on every backend (scalar, SIMD CPU, ILGPU's CPU accelerator) against a
/// brute force that shares no code with them: for every atom and every candidate cut (each distinct score above the
/// minimum, and the minimum itself), it lights {d : score &gt; cut} and counts the wrong cells directly. The best count
/// must match, the chosen cut must light exactly the chosen set, and a hand-made case pins the tie rules. Targets
/// with don't-care cells (negative values, no error either way) go through the same brute force, and so do ties broken
/// by a preference [F, N] drawn from a few levels (many equal preferences among the tied atoms).
/// </summary>
[NonParallelizable]
public sealed class ThresholdSearchTests
{
    private static readonly string[] Backends = ["scalar", "cpu", "ilgpu-cpu"];

    private static float[] Run(string name, int frames, int atoms, int cells, float minimumCut, float[] targets,
        float[] scores, float[]? preference = null)
    {
        if (name == "ilgpu-cpu")
            return RunOn(IlgpuTestDevice.Backend, frames, atoms, cells, minimumCut, targets, scores, preference);
        using IComputeBackend backend = name == "scalar" ? new ScalarBackend() : new CpuBackend();
        return RunOn(backend, frames, atoms, cells, minimumCut, targets, scores, preference);
    }

    private static float[] RunOn(IComputeBackend backend, int frames, int atoms, int cells, float minimumCut,
        float[] targets, float[] scores, float[]? preference)
    {
        using var t = backend.Allocate(targets.Length);
        using var s = backend.Allocate(scores.Length);
        using var o = backend.Allocate(scores.Length);
        using var p = preference is null ? null : backend.Allocate(preference.Length);
        using var choice = backend.Allocate(2 * frames);
        backend.Upload(targets, t);
        backend.Upload(scores, s);
        backend.Upload(ThresholdSearchShapes.DescendingOrder(scores, atoms, cells), o);
        if (p is not null) backend.Upload(preference, p);
        backend.ThresholdSearch(frames, atoms, cells, minimumCut, t, s, o, p, choice);
        var result = new float[2 * frames];
        backend.Download(choice, result);
        return result;
    }

    // wrong cells of the set {d : score > cut} of atom n against frame f, don't-care (negative) cells skipped
    private static int Errors(float[] targets, float[] scores, int f, int n, int cells, float cut)
    {
        int errors = 0;
        for (int d = 0; d < cells; d++)
        {
            float target = targets[f * cells + d];
            if (target >= 0f && target > 0.5f != scores[n * cells + d] > cut) errors++;
        }
        return errors;
    }

    private static int BruteForceBest(float[] targets, float[] scores, int f, int atoms, int cells, float minimumCut)
        => Enumerable.Range(0, atoms).Select(n => AtomBest(targets, scores, f, n, cells, minimumCut).Errors)
            .Append(Errors(targets, scores, f, 0, cells, float.PositiveInfinity)).Min();

    // atom n's fewest wrong cells over every candidate cut of frame f, and the fewest cells lit at that count
    private static (int Errors, int Lit) AtomBest(float[] targets, float[] scores, int f, int n, int cells,
        float minimumCut)
    {
        var atom = scores.Skip(n * cells).Take(cells).ToArray();
        return atom.Where(v => v > minimumCut).Append(minimumCut)
            .Select(cut => (Errors: Errors(targets, scores, f, n, cells, cut), Lit: atom.Count(v => v > cut)))
            .Where(candidate => candidate.Lit > 0).DefaultIfEmpty((int.MaxValue, 0)).Min();
    }

    [Test]
    public void EachFrameGetsTheFewestWrongCellsOfAnyAtomAndCut([ValueSource(nameof(Backends))] string backend,
        [Values(0f, 0.3f)] float minimumCut, [Values(0.0, 0.4)] double dontCareShare)
    {
        const int frames = 25, atoms = 9, cells = 24;
        var random = new Random(7);
        var targets = Enumerable.Range(0, frames * cells)
            .Select(_ => random.NextDouble() < dontCareShare ? -1f : random.NextDouble() < 0.35 ? 1f : 0f).ToArray();
        var scores = Enumerable.Range(0, atoms * cells)
            .Select(_ => (float)Math.Round(random.NextDouble() * 1.6 - 0.4, 1)).ToArray();
        var choice = Run(backend, frames, atoms, cells, minimumCut, targets, scores);
        for (int f = 0; f < frames; f++)
        {
            int atom = (int)choice[2 * f];
            float cut = choice[2 * f + 1];
            int errors = Errors(targets, scores, f, Math.Max(atom, 0), cells, atom < 0 ? float.PositiveInfinity : cut);
            Assert.That(errors, Is.EqualTo(BruteForceBest(targets, scores, f, atoms, cells, minimumCut)), $"frame {f}");
            if (atom >= 0) Assert.That(cut, Is.GreaterThanOrEqualTo(minimumCut).And.GreaterThan(0f), $"frame {f}");
        }
    }

    [Test]
    public void TiesGoToNothingThenTheLowerAtomThenFewerLitCells([ValueSource(nameof(Backends))] string backend)
    {
        // two equal atoms of 4 cells [0.9, 0.6, 0.2, 0]. Frame 0, hits {0, 1}: the top two cells of either atom explain
        // it (atom 0, cut 0.4). Frame 1, hits {1}: nothing and the top two cells are 1 wrong each (nothing). Frame 2,
        // hits {0, 2}: the top cell and the top three are 1 wrong each (the top cell, cut 0.75).
        float[] scores = [0.9f, 0.6f, 0.2f, 0f, 0.9f, 0.6f, 0.2f, 0f];
        float[] targets = [1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0];
        var choice = Run(backend, 3, 2, 4, 0f, targets, scores);
        Assert.That(choice, Is.EqualTo(new[] { 0f, 0.4f, -1f, 0f, 0f, 0.75f }));
    }

    [Test]
    public void TiesBetweenAtomsGoToTheHigherPreference([ValueSource(nameof(Backends))] string backend,
        [Values(0f, 0.3f)] float minimumCut)
    {
        const int frames = 40, atoms = 16, cells = 6;
        var random = new Random(11);
        var targets = Enumerable.Range(0, frames * cells).Select(_ => random.NextDouble() < 0.3 ? 1f : 0f).ToArray();
        var scores = Enumerable.Range(0, atoms * cells).Select(_ => random.Next(3) / 2f).ToArray();
        var preference = Enumerable.Range(0, frames * atoms).Select(_ => random.Next(3) - 1f).ToArray();
        var choice = Run(backend, frames, atoms, cells, minimumCut, targets, scores, preference);
        int decidedByPreference = 0;
        for (int f = 0; f < frames; f++)
        {
            int best = BruteForceBest(targets, scores, f, atoms, cells, minimumCut);
            int nothing = Errors(targets, scores, f, 0, cells, float.PositiveInfinity);
            var tied = Enumerable.Range(0, atoms)
                .Where(n => AtomBest(targets, scores, f, n, cells, minimumCut).Errors == best).ToArray();
            int expected = nothing == best ? -1
                : tied.OrderByDescending(n => preference[f * atoms + n]).ThenBy(n => n).First();
            if (expected >= 0 && expected != tied[0]) decidedByPreference++;
            Assert.That((int)choice[2 * f], Is.EqualTo(expected), $"frame {f}");
            if (expected < 0) continue;
            int lit = scores.Skip(expected * cells).Take(cells).Count(v => v > choice[2 * f + 1]);
            Assert.That(lit, Is.EqualTo(AtomBest(targets, scores, f, expected, cells, minimumCut).Lit),
                $"frame {f}: the fewest lit cells of the preferred atom");
        }
        Assert.That(decidedByPreference, Is.GreaterThan(5), "frames whose atom the preference decided");
    }

    [Test]
    public void TheCpuBackendIsTheReferenceBitForBit([Values(0f, 0.25f)] float minimumCut)
    {
        // 77 frames: two whole blocks of 32 frames and a part block whose last 8-frame group holds 5; scores on a
        // grid of quarters and preferences of three levels, so many atoms tie; a fifth of the cells don't-care
        const int frames = 77, atoms = 40, cells = 72;
        var random = new Random(5);
        var targets = Enumerable.Range(0, frames * cells)
            .Select(_ => random.Next(5) == 0 ? -1f : random.NextDouble() < 0.25 ? 1f : 0f).ToArray();
        var scores = Enumerable.Range(0, atoms * cells).Select(_ => random.Next(5) / 4f).ToArray();
        var preference = Enumerable.Range(0, frames * atoms).Select(_ => (float)random.Next(3)).ToArray();

        foreach (var given in new[] { preference, null })
            Assert.That(Run("cpu", frames, atoms, cells, minimumCut, targets, scores, given),
                Is.EqualTo(Run("scalar", frames, atoms, cells, minimumCut, targets, scores, given)),
                given is null ? "without preferences" : "with preferences");
    }

    [Test]
    public void PreferenceDecidesOnlyTiesAndNeverOverLightingNothing([ValueSource(nameof(Backends))] string backend)
    {
        // the two equal atoms of the tie test, atom 1 preferred in frames 0 to 2. Frame 0, hits {0, 1}: atom 1 now
        // (cut 0.4). Frame 1, hits {1}: nothing still wins its tie, though atom 1 is preferred. Frame 2, hits {0, 2}:
        // atom 1's top cell (cut 0.75), fewer lit cells within the atom as before. Frame 3, hits {0, 1}, equal
        // preferences: the lower atom 0.
        float[] scores = [0.9f, 0.6f, 0.2f, 0f, 0.9f, 0.6f, 0.2f, 0f];
        float[] targets = [1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0];
        float[] preference = [0f, 1f, -1f, 5f, 0f, 2f, 3f, 3f];
        var choice = Run(backend, 4, 2, 4, 0f, targets, scores, preference);
        Assert.That(choice, Is.EqualTo(new[] { 1f, 0.4f, -1f, 0f, 1f, 0.75f, 0f, 0.4f }));
    }

    [Test]
    public void DontCareCellsCountNoErrorLitOrDark([ValueSource(nameof(Backends))] string backend)
    {
        // one atom [0.9, 0.6, 0.2, 0]. Frame 0, hits {0, 2} with cell 1 don't-care: the top three cells are right
        // where it matters (cut 0.1); without the mask the best would be the top cell alone (cut 0.75, 1 wrong).
        // Frame 1, cell 0 hit but every other cell don't-care except cell 3: the top cell (cut 0.75). Frame 2, all
        // don't-care: nothing.
        float[] scores = [0.9f, 0.6f, 0.2f, 0f];
        float[] targets = [1, -1, 1, 0, 1, -1, -1, 0, -1, -1, -1, -1];
        var choice = Run(backend, 3, 1, 4, 0f, targets, scores);
        Assert.That(choice, Is.EqualTo(new[] { 0f, 0.1f, 0f, 0.75f, -1f, 0f }));
    }

    [Test]
    public void BadShapesAreClearErrors()
    {
        using var backend = new CpuBackend();
        using var four = backend.Allocate(4);
        using var two = backend.Allocate(2);
        Assert.Multiple(() =>
        {
            Assert.That(() => backend.ThresholdSearch(1, 0, 4, 0f, four, four, four, null, two),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains("at least one atom"));
            Assert.That(() => backend.ThresholdSearch(1, 1, 4, -1f, four, four, four, null, two),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains("minimum cut >= 0"));
            Assert.That(() => backend.ThresholdSearch(2, 1, 4, 0f, four, four, four, null, two),
                Throws.InstanceOf<ArgumentException>().With.Message.StartsWith(
                    "threshold search targets holds 4 elements where the shape needs 8"));
            Assert.That(() => backend.ThresholdSearch(1, 1, 4, 0f, four, four, four, four, two),
                Throws.InstanceOf<ArgumentException>().With.Message.StartsWith(
                    "threshold search preference holds 4 elements where the shape needs 1"));
        });
    }

    // the kernels cannot reference the MIDI project, so their hit level is a copy; it must be the one decoding uses
    [Test]
    public void TheKernelsReadHitsAtTheLevelTheDrumGridIsDecodedAt()
        => Assert.That(ThresholdSearchShapes.HitLevel, Is.EqualTo(TcnWtaNative.Midi.Groove.GrooveGrid.HitLevel));
}
