namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    /// <summary>
    /// Frames per chunk of the register weight gradient: a block of eight vectors of 512 frames is 256 KB, which stays
    /// in a core's L2 cache while every atom that uses those frames reads it.
    /// </summary>
    private const int FramesPerChunk = 512;

    private readonly BlockWeightGradientJob _blockWeightGradient = new();

    /// <summary>
    /// dw[n, :] (+)= sum over atom n's non-zeros (frame f, value) of value * frame f of <paramref name="o"/>'s rows,
    /// summed in registers (<see cref="RegisterKernels"/>): the non-zeros sorted once by chunk of frames, then by atom,
    /// each atom's in frame order.
    /// </summary>
    private void RegisterWeightGradient(in Operands o, FrameColumnBlocks blocks, bool accumulate)
    {
        int frames = o.Batch * o.Length, chunks = (frames + FramesPerChunk - 1) / FramesPerChunk;
        _atomTerms.SortInParallel(o.Code, o.CodeOffset, o.Batch * o.Atoms * o.Length, chunks * o.Atoms,
            new AtomOfCode(o.Atoms, o.Length, FramesPerChunk));
        _blockWeightGradient.Set(o, blocks, _atomTerms, chunks, accumulate);
        CoreWorkers.Run(_blockWeightGradient, _blockWeightGradient.Items);
        _blockWeightGradient.Clear();
    }

    /// <summary>
    /// The register weight gradient's work: item i is part i / R of the row's columns (of <see
    /// cref="FrameColumnBlocks.Parts"/>) for run i % R of the atoms, each atom's columns owned by one thread, chunk by
    /// chunk of frames (atom n's terms in chunk c are bucket c*N + n), its sums held in registers through a chunk and
    /// in dw between chunks. The atoms are split into as few runs as give every worker about four items, of about
    /// equal work (<see cref="BalancedRanges"/>: an atom weighs its terms and one per chunk, the sums it writes back),
    /// since a code keeps some atoms far more often than others; the blocks of eight vectors come first and the
    /// narrower rest last, so the cheapest items fill the workers' gaps. A run reads its columns of every frame its
    /// atoms use, reused while they stay in the core's cache. Each atom's sums keep their order whatever the split.
    /// </summary>
    private sealed class BlockWeightGradientJob : ParallelJob
    {
        private Operands _operands;
        private FrameColumnBlocks _blocks;
        private RowPart[] _parts = [];
        private NonZeroBuckets? _terms;
        private bool _accumulate;
        private int _runs, _chunks;
        private int[] _atomWork = [], _runStarts = [];

        public int Items => _blocks.Parts * _runs;

        public void Set(Operands operands, FrameColumnBlocks blocks, NonZeroBuckets terms, int chunks, bool accumulate)
        {
            (_operands, _blocks, _terms, _chunks, _accumulate) = (operands, blocks, terms, chunks, accumulate);
            RowPart.Fill(blocks, ref _parts);
            int atoms = operands.Atoms;
            _runs = Math.Clamp(CeilingOf(4 * CoreWorkers.Active, blocks.Parts), 1, Math.Max(1, atoms));
            ScratchArrays.Grow(ref _atomWork, atoms);
            ScratchArrays.Grow(ref _runStarts, _runs + 1);
            for (int atom = 0; atom < atoms; atom++)
            {
                int work = chunks;
                for (int chunk = 0; chunk < chunks; chunk++)
                    work += terms.Starts[chunk * atoms + atom + 1] - terms.Starts[chunk * atoms + atom];
                _atomWork[atom] = work;
            }
            BalancedRanges.Split(_atomWork.AsSpan(0, atoms), _runs, _runStarts.AsSpan(0, _runs + 1));
        }

        private static int CeilingOf(int count, int per) => (count + per - 1) / per;

        // drops the references to the caller's arrays
        public void Clear() => (_operands, _terms) = (default, null);

        public override void Run(int index, int worker)
        {
            int run = index % _runs, firstAtom = _runStarts[run], endAtom = _runStarts[run + 1];
            if (firstAtom == endAtom) return;
            for (int chunk = 0; chunk < _chunks; chunk++)
                RegisterKernels.WeightGradientPart(_operands, _terms!, chunk * _operands.Atoms, firstAtom, endAtom,
                    _parts[index / _runs], _accumulate || chunk > 0);
        }
    }
}
