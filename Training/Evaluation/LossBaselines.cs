using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Training.Evaluation;

/// <summary>
/// The loss of two outputs that need no model, the reference points a reconstruction loss is read against: an
/// all-zero output, and the mean frame [C, K] of the training data (each channel's mean at each of the K steps of a
/// frame) repeated along time, the best a dictionary of one atom used everywhere with weight 1 can do. Both are the
/// model's loss (MSE or L1, the mean over valid values, padding left out), so they compare with its train and
/// validation losses directly. The hits loss scores logits and has no such baselines here. Pieces held as event ids
/// are counted from their ids (<see cref="OneHotBaselines"/>), never rendered.
/// </summary>
public sealed record LossBaselines(double Zeros, double MeanFrame)
{
    /// <summary>True for the losses these baselines are defined for: MSE and L1.</summary>
    public static bool Apply(LossKind loss) => loss is LossKind.Mse or LossKind.L1;

    /// <summary>The mean frame [C, K] of every item's valid steps, step t counted at frame position t mod K.</summary>
    public static float[] FitMeanFrame(IBatchSource set, int frameLength)
    {
        if (set is EventPieceSet pieces)
        {
            var (eventSums, eventCounts) = OneHotBaselines.CountEvents(pieces, frameLength);
            return MeanOf(eventSums, eventCounts, frameLength);
        }
        var sums = new double[set.Channels * frameLength];
        var counts = new long[frameLength];
        foreach (var (batch, length) in Items(set))
            AddToMean(batch.Values, batch.Length, length, 0, set.Channels, frameLength, sums, counts);
        return MeanOf(sums, counts, frameLength);
    }

    /// <summary>
    /// Both baselines over <paramref name="set"/>, the mean frame [C, K] fitted elsewhere (on the train split).
    /// </summary>
    public static LossBaselines Measure(IBatchSource set, float[] meanFrame, int frameLength, LossKind loss)
    {
        if (!Apply(loss)) throw new NotSupportedException($"no loss baselines for the {loss} loss");
        if (set is EventPieceSet pieces)
        {
            var (zeros, frame, count) = OneHotBaselines.Errors(pieces, meanFrame, frameLength, loss);
            return new LossBaselines(zeros / Math.Max(1, count), frame / Math.Max(1, count));
        }
        var errors = new double[2];
        long values = 0;
        foreach (var (batch, length) in Items(set))
            values += AddErrors(batch.Values, batch.Length, length, 0, set.Channels, frameLength, meanFrame, loss,
                errors);
        return new LossBaselines(errors[0] / Math.Max(1, values), errors[1] / Math.Max(1, values));
    }

    /// <summary>
    /// Both baselines of one piece against its own mean frame, read in windows of about 2^20 values through one reused
    /// buffer, so a long piece is never held whole.
    /// </summary>
    public static LossBaselines OfPiece(ISignalWindows piece, int frameLength, LossKind loss)
        => OfPiece(piece, FitMeanFrame([piece], frameLength), frameLength, loss);

    /// <summary>
    /// The mean frame [C, K] of every step of <paramref name="pieces"/> (at least one, all of C channels), read in
    /// windows.
    /// </summary>
    public static float[] FitMeanFrame(IEnumerable<ISignalWindows> pieces, int frameLength)
    {
        double[]? sums = null;
        var counts = new long[frameLength];
        foreach (var piece in pieces)
        {
            sums ??= new double[piece.Channels * frameLength];
            foreach (var (window, start, count) in Chunks(piece, frameLength))
                AddToMean(window, count, count, start, piece.Channels, frameLength, sums, counts);
        }
        return MeanOf(sums ?? throw new ArgumentException("there are no pieces to fit a mean frame to"), counts,
            frameLength);
    }

    /// <summary>Both baselines of one piece, the mean frame [C, K] fitted elsewhere, read in windows.</summary>
    public static LossBaselines OfPiece(ISignalWindows piece, float[] meanFrame, int frameLength, LossKind loss)
    {
        if (!Apply(loss)) throw new NotSupportedException($"no loss baselines for the {loss} loss");
        var errors = new double[2];
        long values = 0;
        foreach (var (window, start, count) in Chunks(piece, frameLength))
            values += AddErrors(window, count, count, start, piece.Channels, frameLength, meanFrame, loss, errors);
        return new LossBaselines(errors[0] / Math.Max(1, values), errors[1] / Math.Max(1, values));
    }

    // the piece's steps in windows of whole frames, about 2^20 values each, through one reused buffer: window [C,
    // count] at its front, from step start
    private static IEnumerable<(float[] Window, int Start, int Count)> Chunks(ISignalWindows piece, int frameLength)
    {
        int channels = piece.Channels, chunk = frameLength * Math.Max(1, (1 << 20) / (channels * frameLength));
        var window = new float[channels * chunk];
        for (int start = 0; start < piece.Length; start += chunk)
        {
            int count = Math.Min(chunk, piece.Length - start);
            piece.Read(start, count, window.AsSpan(0, channels * count));
            yield return (window, start, count);
        }
    }

    // values [C, stride] row-major, steps 0..length-1 valid, step t at piece step first + t. Each channel's row is
    // read in order (a step's channels lie a whole row apart) and only its non-zeros are added, found a vector at a
    // time: a zero adds nothing to a sum, so every sum is the one that adds all its steps in time order.
    private static void AddToMean(float[] values, int stride, int length, int first, int channels, int frameLength,
        double[] sums, long[] counts)
    {
        for (int t = 0, position = first % frameLength; t < length; t++, position = Next(position, frameLength))
            counts[position]++;
        for (int c = 0; c < channels; c++)
        {
            var row = values.AsSpan(c * stride, length);
            var rowSums = sums.AsSpan(c * frameLength, frameLength);
            for (int t = NextNonZero(row, 0); t < row.Length; t = NextNonZero(row, t + 1))
                rowSums[(first + t) % frameLength] += row[t];
        }
    }

    // adds the all-zeros error to errors[0] and the mean-frame error to errors[1]; returns the values counted. Only
    // non-zeros are visited: a zero's all-zeros error is 0, and its mean-frame error, Error(mean, 0), is added once per
    // channel and frame position, times the zeros there.
    private static long AddErrors(float[] values, int stride, int length, int first, int channels, int frameLength,
        float[] meanFrame, LossKind loss, double[] errors)
    {
        double zeros = errors[0], frame = errors[1];
        Span<long> zerosAt = frameLength <= 256 ? stackalloc long[frameLength] : new long[frameLength];
        for (int c = 0; c < channels; c++)
        {
            var row = values.AsSpan(c * stride, length);
            var means = meanFrame.AsSpan(c * frameLength, frameLength);
            for (int position = 0; position < frameLength; position++)
                zerosAt[position] = StepsAt(position, length, first, frameLength);
            for (int t = NextNonZero(row, 0); t < row.Length; t = NextNonZero(row, t + 1))
            {
                double x = row[t];
                int position = (first + t) % frameLength;
                zeros += Error(0, x, loss);
                frame += Error(means[position], x, loss);
                zerosAt[position]--;
            }
            for (int position = 0; position < frameLength; position++)
                frame += zerosAt[position] * Error(means[position], 0, loss);
        }
        (errors[0], errors[1]) = (zeros, frame);
        return (long)channels * length;
    }

    // the first index from `from` of a non-zero value, or the row's length
    private static int NextNonZero(ReadOnlySpan<float> row, int from)
    {
        int found = row[from..].IndexOfAnyExcept(0f);
        return found < 0 ? row.Length : from + found;
    }

    // how many of the steps first .. first + length - 1 sit at frame position `position`
    private static long StepsAt(int position, int length, int first, int frameLength)
    {
        int offset = ((position - first) % frameLength + frameLength) % frameLength;   // the first t at position
        return offset >= length ? 0 : (length - 1 - offset) / frameLength + 1;
    }

    /// <summary>The frame position after <paramref name="position"/>.</summary>
    internal static int Next(int position, int frameLength) => position + 1 == frameLength ? 0 : position + 1;

    private static float[] MeanOf(double[] sums, long[] counts, int frameLength)
        => [.. sums.Select((sum, i) => (float)(sum / Math.Max(1, counts[i % frameLength])))];

    /// <summary>"all zeros 0.0123, mean frame 0.00980".</summary>
    public string Describe() => FormattableString.Invariant($"all zeros {Zeros:G4}, mean frame {MeanFrame:G4}");

    /// <summary>One value's error: squared for MSE, absolute for L1.</summary>
    internal static double Error(double output, double target, LossKind loss)
        => loss == LossKind.L1 ? Math.Abs(output - target) : (output - target) * (output - target);

    // each item alone [1, C, T_i], with its valid length
    private static IEnumerable<(HostBatch Batch, int Length)> Items(IBatchSource set)
    {
        for (int i = 0; i < set.Count; i++)
        {
            var batch = set.Gather([i]);
            yield return (batch, batch.ValidLengths?[0] ?? batch.Length);
        }
    }
}
