using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// One thread per element, implicitly grouped (the accelerator picks the group size): fill, row copy with
/// padding, ReLU and its gradient, sums, products and scaling. Memory-bound; nothing to share between threads.
/// </summary>
internal sealed class ElementwiseKernels
{
    private readonly Action<Index1D, ArrayView<float>, float> _fill;
    private readonly Action<Index1D, ArrayView<float>, int, ArrayView<float>, int> _copyRows;
    private readonly Action<Index1D, ArrayView<float>, int, int, ArrayView<float>> _oneHot;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, ArrayView<float>> _gatherRows;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>> _reluForward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> _reluBackward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>> _add;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>> _multiply;
    private readonly Action<Index1D, ArrayView<float>, float> _scale;

    public ElementwiseKernels(Accelerator accelerator)
    {
        _fill = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(Fill);
        _copyRows = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, ArrayView<float>, int>(
            CopyRows);
        _oneHot = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, int, ArrayView<float>>(
            OneHot);
        _gatherRows = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int,
            ArrayView<float>>(GatherRows);
        _reluForward = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(
            ReluForward);
        _reluBackward = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, int>(ReluBackward);
        _add = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(
            Add);
        _multiply = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>,
            ArrayView<float>>(Multiply);
        _scale = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(Scale);
    }

    public void Fill(ArrayView<float> x, float value) { if (x.Length > 0) _fill((int)x.Length, x, value); }

    public void CopyRows(ArrayView<float> source, int sourceLength, ArrayView<float> destination, int destinationLength)
    {
        if (destination.Length > 0)
            _copyRows((int)destination.Length, source, sourceLength, destination, destinationLength);
    }

    public void OneHot(ArrayView<float> ids, int channels, int length, ArrayView<float> destination)
    {
        if (destination.Length > 0) _oneHot((int)destination.Length, ids, channels, length, destination);
    }

    public void GatherRows(ArrayView<float> source, ArrayView<float> indices, int rowLength,
        ArrayView<float> destination)
    {
        if (destination.Length > 0) _gatherRows((int)destination.Length, source, indices, rowLength, destination);
    }

    public void ReluForward(ArrayView<float> x, ArrayView<float> y) { if (x.Length > 0)
        _reluForward((int)x.Length, x, y); }

    public void ReluBackward(ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, bool accumulate)
    {
        if (y.Length > 0) _reluBackward((int)y.Length, y, dy, dx, accumulate ? 1 : 0);
    }

    public void Add(ArrayView<float> a, ArrayView<float> b, ArrayView<float> sum) { if (a.Length > 0)
        _add((int)a.Length, a, b, sum); }

    public void Multiply(ArrayView<float> a, ArrayView<float> b, ArrayView<float> product)
    {
        if (a.Length > 0) _multiply((int)a.Length, a, b, product);
    }

    public void Scale(ArrayView<float> x, float factor) { if (x.Length > 0) _scale((int)x.Length, x, factor); }

    // x[i] = value
    private static void Fill(Index1D i, ArrayView<float> x, float value) => x[i] = value;

    // destination[b, c, t] = 1 where ids[b, t] = c + 1, else 0; one thread per destination element.
    private static void OneHot(Index1D i, ArrayView<float> ids, int channels, int length, ArrayView<float> destination)
    {
        int t = i % length, row = i / length, b = row / channels, c = row - b * channels;
        destination[i] = (int)ids[b * length + t] == c + 1 ? 1f : 0f;
    }

    // destination[r, t] = source[indices[r], t] for rows of rowLength; one thread per destination element.
    private static void GatherRows(Index1D i, ArrayView<float> source, ArrayView<float> indices, int rowLength,
        ArrayView<float> destination)
    {
        int row = i / rowLength, t = i - row * rowLength;
        destination[i] = source[(long)indices[row] * rowLength + t];
    }

    // destination[r, t] = source[r, t] for t < min(lengths), else 0; one thread per destination element.
    private static void CopyRows(Index1D i, ArrayView<float> source, int sourceLength, ArrayView<float> destination,
        int destinationLength)
    {
        int row = i / destinationLength, t = i - row * destinationLength;
        destination[i] = t < sourceLength ? source[row * sourceLength + t] : 0f;
    }

    // y = max(x, 0)
    private static void ReluForward(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = x[i] > 0f ? x[i] : 0f;

    // dx (+)= dy where y > 0
    private static void ReluBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx,
        int accumulate)
    {
        float local = y[i] > 0f ? dy[i] : 0f;
        dx[i] = accumulate != 0 ? dx[i] + local : local;
    }

    // sum = a + b (sum may alias a or b)
    private static void Add(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> sum)
        => sum[i] = a[i] + b[i];

    // product = a * b
    private static void Multiply(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> product)
        => product[i] = a[i] * b[i];

    // x *= factor
    private static void Scale(Index1D i, ArrayView<float> x, float factor) => x[i] *= factor;
}
