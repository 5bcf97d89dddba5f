using System.Numerics;

namespace TcnWtaNative.Kernels.Reference;

/// <summary>
/// Every op as the plainest possible loop, generic over the float type. Run in double it is the oracle for
/// finite-difference checks; run in float it is the scalar baseline the SIMD and GPU backends are measured and
/// checked against. Semantics are exactly those documented on <see cref="IComputeBackend"/>.
/// </summary>
public static class ReferenceOps<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.Conv1dForward"/>: y[B,Cout,Tout] = conv(x[B,Cin,Tin],
    /// w[Cout,Cin,Kw]) + bias[Cout].
    /// </summary>
    public static void Conv1dForward(in ConvGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias,
        Span<T> y)
    {
        int tOut = g.OutLength;
        for (int b = 0; b < g.Batch; b++)
        for (int o = 0; o < g.OutChannels; o++)
        for (int t = 0; t < tOut; t++)
        {
            T sum = bias.IsEmpty ? T.Zero : bias[o];
            for (int c = 0; c < g.InChannels; c++)
            for (int j = 0; j < g.KernelSize; j++)
            {
                int source = t * g.Stride + j * g.Dilation - g.PadLeft;
                if (source >= 0 && source < g.InLength)
                    sum += w[(o * g.InChannels + c) * g.KernelSize + j] * x[(b * g.InChannels + c) * g.InLength
                        + source];
            }
            y[(b * g.OutChannels + o) * tOut + t] = sum;
        }
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.Conv1dBackwardInput"/>: dx[B,Cin,Tin] (+)= scatter of
    /// w[Cout,Cin,Kw] * dy[B,Cout,Tout].
    /// </summary>
    public static void Conv1dBackwardInput(in ConvGeometry g, ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx,
        bool accumulate)
    {
        if (!accumulate) dx.Clear();
        int tOut = g.OutLength;
        for (int b = 0; b < g.Batch; b++)
        for (int o = 0; o < g.OutChannels; o++)
        for (int t = 0; t < tOut; t++)
        {
            T upstream = dy[(b * g.OutChannels + o) * tOut + t];
            for (int c = 0; c < g.InChannels; c++)
            for (int j = 0; j < g.KernelSize; j++)
            {
                int source = t * g.Stride + j * g.Dilation - g.PadLeft;
                if (source >= 0 && source < g.InLength)
                    dx[(b * g.InChannels + c) * g.InLength + source] += w[(o * g.InChannels + c) * g.KernelSize
                        + j] * upstream;
            }
        }
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.Conv1dBackwardWeight"/>: dw[Cout,Cin,Kw] (+)= sum_{b,t}
    /// dy[b,o,t] * x[b,c,t*s+j*d-pad], added when accumulating.
    /// </summary>
    public static void Conv1dBackwardWeight(in ConvGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dw,
        bool accumulate)
    {
        int tOut = g.OutLength;
        for (int o = 0; o < g.OutChannels; o++)
        for (int c = 0; c < g.InChannels; c++)
        for (int j = 0; j < g.KernelSize; j++)
        {
            T sum = T.Zero;
            for (int b = 0; b < g.Batch; b++)
            for (int t = 0; t < tOut; t++)
            {
                int source = t * g.Stride + j * g.Dilation - g.PadLeft;
                if (source >= 0 && source < g.InLength)
                    sum += dy[(b * g.OutChannels + o) * tOut + t] * x[(b * g.InChannels + c) * g.InLength + source];
            }
            int at = (o * g.InChannels + c) * g.KernelSize + j;
            dw[at] = accumulate ? dw[at] + sum : sum;
        }
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.BiasBackward"/>: db[C] (+)= sum_{b,t} dy[b,c,t], added when
    /// accumulating.
    /// </summary>
    public static void BiasBackward(int batch, int channels, int length, ReadOnlySpan<T> dy, Span<T> db,
        bool accumulate)
    {
        for (int c = 0; c < channels; c++)
        {
            T sum = T.Zero;
            for (int b = 0; b < batch; b++)
            for (int t = 0; t < length; t++)
                sum += dy[(b * channels + c) * length + t];
            db[c] = accumulate ? db[c] + sum : sum;
        }
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.Gemm"/>: c[M,N] = alpha * op(a)[M,K] * op(b)[K,N] + beta * c.
    /// </summary>
    public static void Gemm(bool transposeA, bool transposeB, int m, int n, int k, T alpha, ReadOnlySpan<T> a,
        ReadOnlySpan<T> b, T beta, Span<T> c)
    {
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            T sum = T.Zero;
            for (int p = 0; p < k; p++)
                sum += (transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j]);
            c[i * n + j] = alpha * sum + (beta == T.Zero ? T.Zero : beta * c[i * n + j]);
        }
    }

    /// <summary>The reference loop of <see cref="IComputeBackend.CopyRows"/>.</summary>
    public static void CopyRows(int rows, ReadOnlySpan<T> source, int sourceLength, Span<T> destination,
        int destinationLength)
    {
        int kept = Math.Min(sourceLength, destinationLength);
        for (int r = 0; r < rows; r++)
        for (int t = 0; t < destinationLength; t++)
            destination[r * destinationLength + t] = t < kept ? source[r * sourceLength + t] : T.Zero;
    }

    /// <summary>The reference loop of <see cref="IComputeBackend.ReluForward"/>.</summary>
    public static void ReluForward(ReadOnlySpan<T> x, Span<T> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? x[i] : T.Zero;
    }

    /// <summary>The reference loop of <see cref="IComputeBackend.ReluBackward"/>.</summary>
    public static void ReluBackward(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, bool accumulate)
    {
        for (int i = 0; i < y.Length; i++)
        {
            T local = y[i] > T.Zero ? dy[i] : T.Zero;
            dx[i] = accumulate ? dx[i] + local : local;
        }
    }

    /// <summary>The reference loop of <see cref="IComputeBackend.Add"/>.</summary>
    public static void Add(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> sum)
    {
        for (int i = 0; i < a.Length; i++) sum[i] = a[i] + b[i];
    }

    /// <summary>The reference loop of <see cref="IComputeBackend.Multiply"/>.</summary>
    public static void Multiply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> product)
    {
        for (int i = 0; i < a.Length; i++) product[i] = a[i] * b[i];
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.TopKChannels"/>: z[B,N,L]: per column (b, l) keep the k largest
    /// values; ties to the lower channel..
    /// </summary>
    public static void TopKChannels(int batch, int atoms, int length, int k, ReadOnlySpan<T> z, Span<T> code,
        Span<T> mask)
    {
        var order = new int[atoms];
        var column = new T[atoms];
        for (int b = 0; b < batch; b++)
        for (int l = 0; l < length; l++)
        {
            for (int n = 0; n < atoms; n++) { order[n] = n; column[n] = z[(b * atoms + n) * length + l]; }
            Array.Sort(order, (p, q) => column[q] != column[p] ? column[q].CompareTo(column[p]) : p.CompareTo(q));
            for (int rank = 0; rank < atoms; rank++)
            {
                int index = (b * atoms + order[rank]) * length + l;
                mask[index] = rank < k ? T.One : T.Zero;
                code[index] = rank < k ? z[index] : T.Zero;
            }
        }
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.SpatialWinners"/>: z[B,N,L]: per (b, n) keep the largest value
    /// over l; ties to the earlier step..
    /// </summary>
    public static void SpatialWinners(int batch, int atoms, int length, ReadOnlySpan<T> z, Span<T> code, Span<T> mask)
    {
        for (int row = 0; row < batch * atoms; row++)
        {
            int winner = 0;
            for (int l = 1; l < length; l++)
                if (z[row * length + l] > z[row * length + winner]) winner = l;
            for (int l = 0; l < length; l++)
            {
                int index = row * length + l;
                mask[index] = l == winner ? T.One : T.Zero;
                code[index] = l == winner ? z[index] : T.Zero;
            }
        }
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.LifetimeWinners"/>: Spatial winners, then per atom keep max(1,
    /// ceil(rate*B)) largest winners across the batch; ties to the lower b..
    /// </summary>
    public static void LifetimeWinners(int batch, int atoms, int length, float rate, ReadOnlySpan<T> z, Span<T> code,
        Span<T> mask)
    {
        SpatialWinners(batch, atoms, length, z, code, mask);
        int keep = SparsityShapes.LifetimeKeepCount(batch, rate);
        var winnerStep = new int[batch];
        var winnerValue = new T[batch];
        var order = new int[batch];
        for (int n = 0; n < atoms; n++)
        {
            for (int b = 0; b < batch; b++)
            {
                int row = b * atoms + n;
                int step = 0;
                while (mask[row * length + step] == T.Zero) step++;
                winnerStep[b] = step;
                winnerValue[b] = z[row * length + step];
                order[b] = b;
            }
            Array.Sort(order,
                (p, q) => winnerValue[q] != winnerValue[p] ? winnerValue[q].CompareTo(winnerValue[p]) : p.CompareTo(q));
            for (int rank = keep; rank < batch; rank++)
            {
                int index = (order[rank] * atoms + n) * length + winnerStep[order[rank]];
                mask[index] = T.Zero;
                code[index] = T.Zero;
            }
        }
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.MatchingPursuit"/>: Batch-OMP per group of frames over
    /// correlations c[B,N,L] and gram g[N,N] into code[B,N,L]. Each step scans the whole group for the best
    /// (frame, atom), extends that frame's Cholesky factor by one row, solves for its coefficients and recomputes its
    /// residual correlations from c.
    /// </summary>
    public static void MatchingPursuit(int batch, int atoms, int length, int groupFrames, int nonzerosPerGroup,
        ReadOnlySpan<T> correlations, ReadOnlySpan<T> gram, Span<T> code)
    {
        T stop = T.CreateChecked(PursuitShapes.StopTolerance),
            pivotTolerance = T.CreateChecked(PursuitShapes.PivotTolerance);
        var norms = new T[atoms];
        for (int n = 0; n < atoms; n++) norms[n] = gram[n * atoms + n] > T.Zero ? T.Sqrt(gram[n * atoms + n]) : T.Zero;
        for (int b = 0; b < batch; b++)
        for (int first = 0; first < length; first += groupFrames)
        {
            int frames = Math.Min(groupFrames, length - first);
            var c = new T[frames, atoms];
            var residual = new T[frames, atoms];
            var held = new bool[frames, atoms];           // picked, or skipped as dependent
            var chosen = new List<int>[frames];           // each frame's atoms in pick order
            var factor = new List<T[]>[frames];           // row j of the frame's lower Cholesky
                                                          // factor of g over them (j + 1 values)
            var solved = new List<T>[frames];             // y with L y = c[chosen], grown a row at a time
            var gamma = new T[frames][];
            for (int f = 0; f < frames; f++)
            {
                (chosen[f], factor[f], solved[f], gamma[f]) = ([], [], [], []);
                for (int n = 0; n < atoms; n++)
                    c[f, n] = residual[f, n] = correlations[(b * atoms + n) * length + first + f];
            }

            T firstBest = -T.One;
            for (int total = 0; total < nonzerosPerGroup;)
            {
                T best = T.Zero;
                int frame = -1, atom = -1;
                for (int f = 0; f < frames; f++)
                for (int n = 0; n < atoms; n++)
                {
                    if (held[f, n] || norms[n] == T.Zero) continue;
                    T score = T.Abs(residual[f, n]) / norms[n];
                    if (score > best) (best, frame, atom) = (score, f, n);
                }
                if (frame < 0) break;
                if (firstBest < T.Zero) firstBest = best;
                else if (best <= stop * firstBest) break;

                held[frame, atom] = true;
                var rows = factor[frame];
                int k = rows.Count;
                var row = new T[k + 1];                   // L w = g[chosen, atom], then the pivot
                T pivot = gram[atom * atoms + atom];
                for (int j = 0; j < k; j++)
                {
                    T sum = gram[chosen[frame][j] * atoms + atom];
                    for (int i = 0; i < j; i++) sum -= rows[j][i] * row[i];
                    row[j] = sum / rows[j][j];
                    pivot -= row[j] * row[j];
                }
                if (pivot <= pivotTolerance * gram[atom * atoms + atom]) continue; // dependent on the frame's atoms

                row[k] = T.Sqrt(pivot);
                T y = c[frame, atom];
                for (int j = 0; j < k; j++) y -= row[j] * solved[frame][j];
                rows.Add(row);
                solved[frame].Add(y / row[k]);
                chosen[frame].Add(atom);
                total++;

                var coefficients = gamma[frame] = new T[k + 1];   // L^T gamma = y
                for (int j = k; j >= 0; j--)
                {
                    T sum = solved[frame][j];
                    for (int i = j + 1; i <= k; i++) sum -= rows[i][j] * coefficients[i];
                    coefficients[j] = sum / rows[j][j];
                }
                for (int n = 0; n < atoms; n++)
                {
                    T sum = c[frame, n];
                    for (int j = 0; j <= k; j++) sum -= gram[chosen[frame][j] * atoms + n] * coefficients[j];
                    residual[frame, n] = sum;
                }
            }

            for (int f = 0; f < frames; f++)
            {
                for (int n = 0; n < atoms; n++) code[(b * atoms + n) * length + first + f] = T.Zero;
                for (int j = 0; j < chosen[f].Count; j++)
                    code[(b * atoms + chosen[f][j]) * length + first + f] = gamma[f][j];
            }
        }
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.ThresholdSearch"/>: for each frame of targets[F, D], every atom
    /// of scores[N, D] lit cell by cell in the descending order of order[N, D] while the score is above minimumCut, the
    /// running count of wrong cells kept at each cut between distinct scores (a negative target cell is don't-care and
    /// counts nothing); an equal count moves the choice only from one atom to another of higher preference[F, N]
    /// (empty: all equal), never from lighting nothing; choice[F, 2] = (best atom or -1, its cut).
    /// </summary>
    public static void ThresholdSearch(int frames, int atoms, int cells, float minimumCut, ReadOnlySpan<T> targets,
        ReadOnlySpan<T> scores, ReadOnlySpan<T> order, ReadOnlySpan<T> preference, Span<T> choice)
    {
        T hitLevel = T.CreateChecked(ThresholdSearchShapes.HitLevel), two = T.CreateChecked(2),
            lowest = T.CreateChecked(minimumCut);
        for (int f = 0; f < frames; f++)
        {
            var target = targets.Slice(f * cells, cells);
            int hits = 0;
            for (int d = 0; d < cells; d++) if (target[d] > hitLevel) hits++;
            int bestErrors = hits, bestAtom = -1;
            T bestCut = T.Zero;
            for (int n = 0; n < atoms; n++)
            {
                var atom = scores.Slice(n * cells, cells);
                var sorted = order.Slice(n * cells, cells);
                int errors = hits;
                for (int j = 0; j < cells; j++)
                {
                    int d = int.CreateTruncating(sorted[j]);
                    T value = atom[d];
                    if (value <= lowest) break;
                    if (target[d] >= T.Zero) errors += target[d] > hitLevel ? -1 : 1;
                    T next = j + 1 < cells ? T.Max(atom[int.CreateTruncating(sorted[j + 1])], T.Zero) : T.Zero;
                    if (next >= value || errors > bestErrors) continue;
                    if (errors == bestErrors && !TakesTie(preference, f * atoms, n, bestAtom)) continue;
                    (bestErrors, bestAtom, bestCut) = (errors, n, T.Max((value + next) / two, lowest));
                }
            }
            choice[2 * f] = T.CreateChecked(bestAtom);
            choice[2 * f + 1] = bestCut;
        }
    }

    // whether atom n takes a tie of wrong cells from the best so far: only from another atom (never from lighting
    // nothing, best = -1) whose preference in the frame's row of preference[F, N] is lower; empty preference: never
    private static bool TakesTie(ReadOnlySpan<T> preference, int row, int atom, int best)
        => best >= 0 && atom != best && !preference.IsEmpty && preference[row + atom] > preference[row + best];

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.UnionDecode"/>: for each frame of code[F, E, 2] and hit cell d
    /// of H, the entry (n, g) with the largest g * h, h = dictionary[n, d] (the earliest on ties, atoms -1 skipped),
    /// decides the cell's rows r = d (mod H). Where g * h is above <see cref="ThresholdSearchShapes.HitLevel"/> the
    /// cell is lit: 1 on the hit row, and on every other row its conditional value dictionary[n, r] / h, clamped to
    /// [0, 1] in the second H rows (velocities) and to [-1, 1] below them (offsets). Elsewhere, and where the frame has
    /// no entry, every row is zero.
    /// </summary>
    public static void UnionDecode(int frames, int entries, int frameSize, int hitCells, ReadOnlySpan<T> code,
        ReadOnlySpan<T> dictionary, Span<T> output)
    {
        var level = T.CreateChecked(ThresholdSearchShapes.HitLevel);
        for (int f = 0; f < frames; f++)
            for (int d = 0; d < hitCells; d++)
            {
                int best = -1;
                T bestValue = T.Zero;
                for (int e = 0; e < entries; e++)
                {
                    int entry = 2 * (f * entries + e), atom = int.CreateTruncating(code[entry]);
                    if (atom < 0) continue;
                    T value = code[entry + 1] * dictionary[atom * frameSize + d];
                    if (best >= 0 && value <= bestValue) continue;
                    (best, bestValue) = (atom, value);
                }
                bool lit = best >= 0 && bestValue > level;
                for (int r = d; r < frameSize; r += hitCells)
                    output[f * frameSize + r] = !lit ? T.Zero
                        : r < hitCells ? T.One
                        : Conditional(dictionary[best * frameSize + r] / dictionary[best * frameSize + d],
                            r < 2 * hitCells);
            }
    }

    // a lit cell's velocity (in [0, 1]) or offset (in [-1, 1]) as the atom's value over its hit value
    private static T Conditional(T value, bool velocity)
    {
        T low = velocity ? T.Zero : -T.One;
        return value < low ? low : value > T.One ? T.One : value;
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.MseLoss"/>: mean((y-x)^2) over unmasked entries of [B,C,T];
    /// gradient = 2(y-x)/count..
    /// </summary>
    public static T MseLoss(int batch, int channels, int length, ReadOnlySpan<T> y, ReadOnlySpan<T> x,
        ReadOnlySpan<T> timeMask, Span<T> gradient)
        => Loss(batch, channels, length, y, x, timeMask, gradient, new SquaredError());

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.L1Loss"/>: mean(|y-x|) over unmasked entries of [B,C,T];
    /// gradient = sign(y-x)/count..
    /// </summary>
    public static T L1Loss(int batch, int channels, int length, ReadOnlySpan<T> y, ReadOnlySpan<T> x,
        ReadOnlySpan<T> timeMask, Span<T> gradient)
        => Loss(batch, channels, length, y, x, timeMask, gradient, new AbsoluteError());

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.HitLoss"/>: over unmasked entries of [B,C,T], sigmoid
    /// cross-entropy of logit y against x on hit channels c &lt; H, x_hit (y-x)^2 on value channels (x_hit = x[b, (c-H)
    /// mod H, t]), over the count; gradient (sigmoid(y) - x)/count on hit channels, 2 x_hit (y-x)/count on value
    /// channels.
    /// </summary>
    public static T HitLoss(int batch, int channels, int length, int hitChannels, ReadOnlySpan<T> y, ReadOnlySpan<T> x,
        ReadOnlySpan<T> timeMask, Span<T> gradient)
        => Loss(batch, channels, length, y, x, timeMask, gradient, new HitTerms(hitChannels));

    // What distinguishes the losses: the term at one entry of channel c and its derivative in y. hit is the target's
    // value on the owning hit channel at the same (b, t) for a value channel c >= HitChannels of the hits loss, else 1.
    private interface IEntryLoss
    {
        int HitChannels { get; }
        (T Term, T Derivative) At(int c, T y, T x, T hit);
    }

    private readonly struct SquaredError : IEntryLoss
    {
        public int HitChannels => 0;
        public (T Term, T Derivative) At(int c, T y, T x, T hit) => ((y - x) * (y - x), (y - x) + (y - x));
    }

    private readonly struct AbsoluteError : IEntryLoss
    {
        public int HitChannels => 0;
        public (T Term, T Derivative) At(int c, T y, T x, T hit) => (T.Abs(y - x), T.CreateChecked(T.Sign(y - x)));
    }

    private readonly struct HitTerms(int hitChannels) : IEntryLoss
    {
        public int HitChannels => hitChannels;

        // hit channels: max(y,0) - y x + log(1 + exp(-|y|)), the cross-entropy of sigmoid(y) against x without
        // overflow; value channels: hit (y - x)^2
        public (T Term, T Derivative) At(int c, T y, T x, T hit) => c < hitChannels
            ? (T.Max(y, T.Zero) - y * x + T.LogP1(T.Exp(-T.Abs(y))), T.One / (T.One + T.Exp(-y)) - x)
            : (hit * (y - x) * (y - x), hit * ((y - x) + (y - x)));
    }

    private static T Loss<TLoss>(int batch, int channels, int length, ReadOnlySpan<T> y, ReadOnlySpan<T> x,
        ReadOnlySpan<T> timeMask, Span<T> gradient, TLoss loss) where TLoss : struct, IEntryLoss
    {
        T count = UnmaskedCount(batch, channels, length, timeMask);
        T total = T.Zero;
        int hits = loss.HitChannels;
        for (int b = 0; b < batch; b++)
        for (int c = 0; c < channels; c++)
        for (int t = 0; t < length; t++)
        {
            int index = (b * channels + c) * length + t;
            T weight = timeMask.IsEmpty ? T.One : timeMask[b * length + t];
            T hit = c < hits || hits == 0 ? T.One : x[(b * channels + (c - hits) % hits) * length + t];
            var (term, derivative) = loss.At(c, y[index], x[index], hit);
            total += weight * term;
            gradient[index] = count == T.Zero ? T.Zero : weight * derivative / count;
        }
        return count == T.Zero ? T.Zero : total / count;
    }

    // C * (the number of unmasked time steps)
    private static T UnmaskedCount(int batch, int channels, int length, ReadOnlySpan<T> timeMask)
    {
        T count = T.Zero;
        for (int b = 0; b < batch; b++)
        for (int t = 0; t < length; t++)
            count += timeMask.IsEmpty ? T.One : timeMask[b * length + t];
        return count * T.CreateChecked(channels);
    }

    /// <summary>The reference loop of <see cref="IComputeBackend.SumOfSquares"/>.</summary>
    public static double SumOfSquares(ReadOnlySpan<T> x)
    {
        double sum = 0;
        foreach (T value in x) sum += double.CreateChecked(value * value);
        return sum;
    }

    /// <summary>
    /// The reference loop of <see cref="IComputeBackend.AdamStep"/>: One Adam/AdamW step, torch.optim.Adam/AdamW
    /// semantics..
    /// </summary>
    public static void AdamStep(in AdamSettings s, int step, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> m,
        Span<T> v)
    {
        T lr = T.CreateChecked(s.LearningRate), beta1 = T.CreateChecked(s.Beta1), beta2 = T.CreateChecked(s.Beta2);
        T eps = T.CreateChecked(s.Epsilon), decay = T.CreateChecked(s.WeightDecay);
        T correction1 = T.One - T.Pow(beta1, T.CreateChecked(step));
        T correction2 = T.One - T.Pow(beta2, T.CreateChecked(step));
        T stepSize = lr / correction1;
        T sqrtCorrection2 = T.Sqrt(correction2);
        for (int i = 0; i < parameters.Length; i++)
        {
            T grad = gradients[i];
            if (s.Decoupled) parameters[i] *= T.One - lr * decay;
            else grad += decay * parameters[i];
            m[i] = beta1 * m[i] + (T.One - beta1) * grad;
            v[i] = beta2 * v[i] + (T.One - beta2) * grad * grad;
            parameters[i] -= stepSize * m[i] / (T.Sqrt(v[i]) / sqrtCorrection2 + eps);
        }
    }

    /// <summary>The reference loop of <see cref="IComputeBackend.NormalizeRows"/>.</summary>
    public static void NormalizeRows(Span<T> matrix, int rows, int rowLength)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = matrix.Slice(r * rowLength, rowLength);
            T sum = T.Zero;
            foreach (T value in row) sum += value * value;
            if (sum == T.Zero) continue;
            T inverse = T.One / T.Sqrt(sum);
            for (int i = 0; i < row.Length; i++) row[i] *= inverse;
        }
    }
}
