namespace TcnWtaNative.Kernels;

/// <summary>
/// Every numerical op the model needs, on buffers this backend allocated. Shapes are row-major float32:
/// signals are [B, C, T], conv weights [Cout, Cin, Kw], code columns z[B, N, L].
/// Implementations: <c>CpuBackend</c> (SIMD, all cores), <c>ScalarBackend</c> (naive loops, the baseline)
/// and the ILGPU backend (CUDA, OpenCL, ILGPU's CPU accelerator). Each must agree with the others within float
/// tolerance. Ops that "accumulate" add into their destination; the others overwrite it.
/// </summary>
public interface IComputeBackend : IDisposable
{
    /// <summary>What runs the ops, for people: for example "cpu: SIMD AVX-512, 2 threads".</summary>
    string Name { get; }

    /// <summary>
    /// True where buffers are managed host memory and every op has finished when it returns (the CPU backends): a
    /// download is a copy, not a wait for a device, and keeping data "resident" saves nothing.
    /// </summary>
    bool BuffersInHostMemory { get; }

    /// <summary>
    /// The most bytes of buffers this backend can hold: the managed heap's limit on the CPU backends; on a CUDA GPU
    /// its free memory with what this backend's buffers hold already (other processes' use left out), on an OpenCL
    /// device its memory, on ILGPU's CPU accelerator the host's. Checks made before a run compare what it needs at
    /// least against it (<c>ModelMemory</c>).
    /// </summary>
    long MemoryBytes { get; }

    /// <summary>
    /// Bytes of the buffers this backend holds now (its own scratch included), where they live outside the managed
    /// heap (an ILGPU device); null on the CPU backends, whose buffers the managed heap counts.
    /// </summary>
    long? DeviceBytesHeld { get; }

    // ---- memory ----

    /// <summary>A new zero-filled buffer of <paramref name="length"/> floats.</summary>
    DeviceBuffer Allocate(int length);

    /// <summary>destination = source; lengths must match.</summary>
    void Upload(ReadOnlySpan<float> source, DeviceBuffer destination);

    /// <summary>destination = source; lengths must match.</summary>
    void Download(DeviceBuffer source, Span<float> destination);

    /// <summary>Every element of buffer = value.</summary>
    void Fill(DeviceBuffer buffer, float value);

    /// <summary>
    /// Waits until every op issued so far has finished (a no-op on synchronous CPU backends); used for timing.
    /// </summary>
    void Synchronize();

    /// <summary>destination = source; lengths must match.</summary>
    void Copy(DeviceBuffer source, DeviceBuffer destination);

    /// <summary>
    /// Rows of source [rows, sourceLength] into destination [rows, destinationLength]: copies the first
    /// min(sourceLength, destinationLength) values of each row and zero-fills the rest (time padding and cropping).
    /// </summary>
    void CopyRows(int rows, DeviceBuffer source, int sourceLength, DeviceBuffer destination, int destinationLength);

    /// <summary>
    /// destination[b, c, t] = 1 where ids[b, t] = c + 1, else 0, for ids [B, T] of whole numbers in [0, C] held as
    /// float32: a batch of event pieces, uploaded as ids, expanded to one-hot [B, C, T] on the device (id 0: a padding
    /// step, all zeros).
    /// </summary>
    void OneHot(int batch, int channels, int length, DeviceBuffer ids, DeviceBuffer destination);

    /// <summary>
    /// destination[r, :] = source[indices[r], :] for r &lt; rows, rows of <paramref name="rowLength"/> floats; indices
    /// [rows] are whole numbers held as float32 (exact below 2^24): a batch of equal-sized items assembled from a
    /// resident set.
    /// </summary>
    void GatherRows(int rows, int rowLength, DeviceBuffer source, DeviceBuffer indices, DeviceBuffer destination);

    /// <summary>
    /// noisy[B, 3D, T] = clean[B, 3D, T] with <paramref name="noise"/> on each item's first steps[b] steps (every step
    /// when <paramref name="steps"/> is null; steps [B] whole numbers held as float32): denoising training's noisy
    /// batch, made where the batch lives. Every backend draws the same noise (<see cref="DrumHitNoise"/>).
    /// </summary>
    void AddDrumHitNoise(int batch, int drums, int length, DeviceBuffer clean, DeviceBuffer? steps, DrumHitNoise noise,
        DeviceBuffer noisy);

    // ---- convolution ----

    /// <summary>y[B,Cout,Tout] = conv(x[B,Cin,Tin], w[Cout,Cin,Kw]) + bias[Cout] (bias optional).</summary>
    void Conv1dForward(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? bias, DeviceBuffer y);

    /// <summary>
    /// dx[B,Cin,Tin] (+)= the adjoint of the conv applied to dy[B,Cout,Tout]; also ConvTranspose1d's forward.
    /// </summary>
    void Conv1dBackwardInput(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx, bool accumulate);

    /// <summary>
    /// dw[Cout,Cin,Kw] (+)= sum_{b,t} dy[b,o,t] * x[b, c, t*s + j*d - pad]: added to dw when accumulating, else
    /// written over it (what dw held is never read, so a gradient needs no zeroing first).
    /// </summary>
    void Conv1dBackwardWeight(in ConvGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw, bool accumulate);

    /// <summary>db[C] (+)= sum_{b,t} dy[b,c,t] for dy[B,C,T]: added to db when accumulating, else written over it.
    /// </summary>
    void BiasBackward(int batch, int channels, int length, DeviceBuffer dy, DeviceBuffer db, bool accumulate);

    /// <summary>
    /// c[M,N] = alpha * op(a) * op(b) + beta * c, row-major; op(a) is [M,K] (a stored [K,M] when transposeA),
    /// op(b) is [K,N] (b stored [N,K] when transposeB). beta = 0 ignores c's old contents, NaN included.
    /// </summary>
    void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, DeviceBuffer a, DeviceBuffer b,
        float beta, DeviceBuffer c);

    // ---- fused ops: one pass where the unfused pair would make two over the same memory ----

    /// <summary>
    /// The encoder with channel top-k in its epilogue, no bias: z[B,Cout,Tout] = conv(x[B,Cin,Tin], w[Cout,Cin,Kw]),
    /// then code, mask [B,Cout,Tout] = the k largest of z[b, :, t] per column (ties to the lower channel), exactly as
    /// <see cref="Conv1dForward"/> then <see cref="TopKChannels"/>. z is written too (the convolution's output lands
    /// there).
    /// </summary>
    void Conv1dForwardTopKChannels(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, int k, DeviceBuffer z,
        DeviceBuffer code, DeviceBuffer mask);

    /// <summary>
    /// The decoder with its loss: prediction[B,Cin,Tin] = the adjoint of the conv applied to dy[B,Cout,Tout]
    /// (overwritten), then the <paramref name="loss"/> of prediction against target [B,Cin,Tin] over time steps
    /// unmasked by timeMask [B,Tin] (optional), its gradient written as <see cref="MseLoss"/> / <see cref="L1Loss"/> /
    /// <see cref="HitLoss"/> would; returns the loss.
    /// </summary>
    float Conv1dBackwardInputWithLoss(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer prediction, DeviceBuffer gradient);

    /// <summary>
    /// <see cref="Conv1dBackwardInputWithLoss"/> that leaves the loss on the device: writes it into
    /// <paramref name="lossSlot"/> (one element, usually a slice of a buffer of several steps' losses) instead of
    /// returning it, so the host need not wait for the device. The default computes the returned loss and uploads it; a
    /// device backend overrides it.
    /// </summary>
    void Conv1dBackwardInputWithDeviceLoss(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask,
        DeviceBuffer prediction, DeviceBuffer gradient, DeviceBuffer lossSlot)
    {
        ConvShapes.Expect(lossSlot, 1, nameof(lossSlot));
        Upload([Conv1dBackwardInputWithLoss(g, dy, w, loss, target, timeMask, prediction, gradient)], lossSlot);
    }

    /// <summary>
    /// y[B,Cout,Tout] = conv(x[B,Cin,Tin], w[Cout,Cin,Kw]) * mask[B,Cout,Tout], no bias: the decoder's input gradient
    /// behind the winner mask (dz = dcode * mask), exactly as <see cref="Conv1dForward"/> then <see cref="Multiply"/>
    /// (the default). A backend may compute only where the mask is non-zero: where a winner-take-all mask keeps k of N
    /// values a column, the rest of the product is work thrown away.
    /// </summary>
    void Conv1dForwardMasked(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer mask, DeviceBuffer y)
        => ComposedOps.Conv1dForwardMasked(this, g, x, w, mask, y);

    // ---- elementwise ----

    /// <summary>y = max(x, 0).</summary>
    void ReluForward(DeviceBuffer x, DeviceBuffer y);

    /// <summary>dx (+)= dy where y &gt; 0, else 0; y is the forward output.</summary>
    void ReluBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, bool accumulate);

    /// <summary>sum = a + b (the residual connection).</summary>
    void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer sum);

    /// <summary>destination += source.</summary>
    void AddInto(DeviceBuffer source, DeviceBuffer destination);

    /// <summary>product = a * b elementwise (applies a sparsity mask, forward or backward).</summary>
    void Multiply(DeviceBuffer a, DeviceBuffer b, DeviceBuffer product);

    /// <summary>x *= factor.</summary>
    void Scale(DeviceBuffer x, float factor);

    // ---- sparsifiers: z[B,N,L] -> code = z * mask, mask in {0,1}; the backward is dz = dcode * mask ----

    /// <summary>Keeps the k largest of z[b, :, l] per column; ties go to the lower channel index.</summary>
    void TopKChannels(int batch, int atoms, int length, int k, DeviceBuffer z, DeviceBuffer code, DeviceBuffer mask);

    /// <summary>Keeps the largest z[b, n, :] over time per (b, n); ties go to the earlier step.</summary>
    void SpatialWinners(int batch, int atoms, int length, DeviceBuffer z, DeviceBuffer code, DeviceBuffer mask);

    /// <summary>
    /// Spatial winners, then per atom n only the max(1, ceil(rate*B)) largest winners across the batch;
    /// ties go to the lower batch index.
    /// </summary>
    void LifetimeWinners(int batch, int atoms, int length, float rate, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask);

    // ---- sparse coding over a fixed dictionary ----

    /// <summary>
    /// Batch-OMP (Rubinstein, Zibulevsky and Elad 2008) over code columns: correlations c[B,N,L] = &lt;atom n, frame
    /// (b,l)&gt;, gram g[N,N] = &lt;atom i, atom j&gt;; writes code[B,N,L] (overwritten). Frames l of each item form
    /// groups of groupFrames consecutive frames (the last group may be shorter); each group gets at most
    /// nonzerosPerGroup non-zeros in total, chosen greedily:
    /// <list type="number">
    /// <item>Pick the (frame, atom) of the group with the largest |residual correlation| / ||atom|| (||atom|| =
    /// sqrt(g[n,n])); ties go to the lower frame, then the lower atom. Atoms with g[n,n] &lt;= 0 and atoms the frame
    /// already holds are never picked.</item>
    /// <item>Re-solve that frame's coefficients on its picked atoms by least squares, G[I,I] gamma_I = c[I], through an
    /// incremental Cholesky factor of the frame's Gram submatrix; the residual correlations are then c - G[:,I]
    /// gamma_I, in the correlation domain (no signal-space residual).</item>
    /// </list>
    /// Frames do not overlap, so atoms placed in different frames are orthogonal and this is exactly OMP over the
    /// group's signal with shifted atoms; groupFrames = 1 is plain per-frame OMP. A group stops early when the largest
    /// normalized residual correlation is &lt;= <see cref="PursuitShapes.StopTolerance"/> times the first step's (an
    /// all-zero group picks nothing). An atom whose new Cholesky pivot g[n,n] - |w|^2 is &lt;=
    /// <see cref="PursuitShapes.PivotTolerance"/> * g[n,n] lies in the span of the frame's atoms (linearly dependent,
    /// to float precision): it is skipped for that frame and costs no budget. Needs 1 &lt;= nonzerosPerGroup &lt;=
    /// atoms * groupFrames.
    /// </summary>
    void MatchingPursuit(int batch, int atoms, int length, int groupFrames, int nonzerosPerGroup,
        DeviceBuffer correlations, DeviceBuffer gram, DeviceBuffer code);

    /// <summary>
    /// The gain search of a linear decoder read at a threshold: for each frame f of targets[F, D] (a frame's hit cells,
    /// a hit where the value is &gt; 0.5), the atom n of scores[N, D] (each atom's values at those cells) and the cut
    /// theta &gt; 0 whose lit set {d : scores[n, d] &gt; theta} differs from the frame's hits in the fewest cells.
    /// order[N, D] holds each atom's cell indices (as floats) sorted by descending score. A lit set counts where its
    /// last lit score s_j is above <paramref name="minimumCut"/> (&gt;= 0) and above the next score s_j+1 (0 past the
    /// last cell, and negative scores count as 0); theta is then the midpoint (s_j + max(s_j+1, 0)) / 2, raised to
    /// minimumCut where it is below it. Writes choice[F, 2] = (n, theta), or (-1, 0) where lighting nothing is best;
    /// ties go to lighting nothing, then to the atom with the higher preference[f, n] (preference[F, N]; null: all
    /// equal), then to the lower atom, then to fewer lit cells. With many atoms a sparse frame's hits are matched
    /// equally well by many of them, and the preference (a caller's fit of each atom to the whole frame) picks among
    /// them by what the hit count does not see. A gain g = t / theta on atom n
    /// then decodes to exactly that set at threshold t, so one real coefficient picks one of an atom's nested patterns,
    /// with g at most t / minimumCut. A target cell whose value is negative is don't-care: it counts no error whether
    /// lit or not (Groove targets are &gt;= 0, so plain frames have none), which lets a caller search for a second
    /// atom on the cells a first one leaves dark (<c>UnionGainCoder</c>).
    /// </summary>
    void ThresholdSearch(int frames, int atoms, int cells, float minimumCut, DeviceBuffer targets, DeviceBuffer scores,
        DeviceBuffer order, DeviceBuffer? preference, DeviceBuffer choice);

    /// <summary>
    /// Decodes sparse frames as the union of g * atom's lit hits (the gain and union codes, <c>GainSearchCoder</c>,
    /// <c>UnionGainCoder</c>) into a grid of hits: code[F, E, 2] holds each frame's E entries (atom n as a float, -1
    /// for none; gain g), dictionary[N, S] the atoms of S = frameSize values whose first <paramref name="hitCells"/> H
    /// are the hit cells (S a multiple of H: hit, velocity, offset rows). For each frame f and hit cell d the entry
    /// whose g * h, h = dictionary[n, d], is the largest (the earliest on ties) decides the cell. It is lit where that
    /// g * h is above <see cref="ThresholdSearchShapes.HitLevel"/>: output[f, d] = 1, and every other row
    /// r = d (mod H) is the atom's conditional value dictionary[n, r] / h, clamped to [0, 1] in the velocity rows (the
    /// second H) and to [-1, 1] in the rows below. Elsewhere the cell is silent: 0 on every row, as the grid holds a
    /// step without a hit. An atom fit as a mean of frames holds h = P(hit) and v = P(hit) E[velocity | hit] at a
    /// cell, so a lit cell gets E[velocity | hit] (and the offset alike) whatever the gain that lit it. A frame
    /// without entries is zero. One entry lights the cells the linear decoder g * atom does; several light a cell
    /// where any of them lights it, where a linear decoder would sum them. Atom indices must lie in [-1, N).
    /// </summary>
    void UnionDecode(int frames, int entries, int atoms, int frameSize, int hitCells, DeviceBuffer code,
        DeviceBuffer dictionary, DeviceBuffer output);

    // ---- losses over prediction, target [B,C,T] with an optional time mask [B,T] of 0/1 ----

    /// <summary>
    /// Returns mean((y-x)^2) over unmasked entries and writes its gradient 2(y-x)/count (0 where masked).
    /// </summary>
    float MseLoss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient);

    /// <summary>
    /// Returns mean(|y-x|) over unmasked entries and writes its gradient sign(y-x)/count (sign(0) = 0).
    /// </summary>
    float L1Loss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient);

    /// <summary>
    /// The hits loss (<see cref="LossKind.Hits"/>) with H = <paramref name="hitChannels"/>: over unmasked (b, t), the
    /// sum of max(y,0) - y x + log(1 + exp(-|y|)) on hit channels c &lt; H and of x_hit (y - x)^2 on value channels c
    /// &gt;= H, x_hit = x[b, (c - H) mod H, t], divided by the count of unmasked entries; gradient (sigmoid(y) -
    /// x)/count on hit channels, 2 x_hit (y - x)/count on value channels, 0 where masked. Needs 1 &lt;= H &lt; C, C - H
    /// a multiple of H.
    /// </summary>
    float HitLoss(int batch, int channels, int length, int hitChannels, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient);

    // ---- optimizer ----

    /// <summary>sum of x^2, accumulated in double where the backend can (the global gradient norm).</summary>
    double SumOfSquares(DeviceBuffer x);

    /// <summary>
    /// Scales gradients so their global L2 norm is at most maxNorm, as torch.nn.utils.clip_grad_norm_ (see
    /// <see cref="GradientClipping.Factor"/>), without the host waiting: the norm, the factor and the scaling stay on
    /// the device. The default reads the norm through <see cref="SumOfSquares"/> and scales from the host (the host
    /// path); a device backend overrides it.
    /// </summary>
    void ClipGradientNorm(DeviceBuffer gradients, double maxNorm)
    {
        double factor = GradientClipping.Factor(SumOfSquares(gradients), maxNorm);
        if (factor < 1) Scale(gradients, (float)factor);
    }

    /// <summary>
    /// One Adam/AdamW step at 1-based <paramref name="step"/>, exactly as PyTorch (bias correction, eps outside the
    /// sqrt).
    /// </summary>
    void AdamStep(in AdamSettings settings, int step, DeviceBuffer parameters, DeviceBuffer gradients,
        DeviceBuffer firstMoment, DeviceBuffer secondMoment);

    /// <summary>Rescales each row of matrix [rows, rowLength] to unit L2 norm (rows of zeros stay zero).</summary>
    void NormalizeRows(DeviceBuffer matrix, int rows, int rowLength);
}
