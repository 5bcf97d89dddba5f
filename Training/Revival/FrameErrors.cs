using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Revival;

/// <summary>
/// The squared reconstruction error of every frame of a batch, composed from the backend's ops and downloaded once:
///   d[B, C, Tp] = y - x  (x [B, C, T] zero-padded to Tp = L*K),  d = d * d,
///   e[B, 1, L]  = conv(d, ones[1, C, K], stride K)  = sum over c and j of d[b, c, l*K + j].
/// The buffers are kept while the shapes stay.
/// </summary>
public sealed class FrameErrors(IComputeBackend backend) : IDisposable
{
    private Tensor? _difference, _errors;
    private DeviceBuffer? _ones;
    private float[] _host = [];

    /// <summary>
    /// input x [B, C, T] and its reconstruction y [B, C, Tp] -> e [B*L] on the host (valid until the next call).
    /// </summary>
    public ReadOnlySpan<float> Of(Tensor input, Tensor reconstruction, int frameLength)
    {
        if (!reconstruction.HasShape(input.Batch, input.Channels, reconstruction.Length)
            || reconstruction.Length % frameLength != 0 || reconstruction.Length < input.Length)
            throw new ArgumentException(
                $"a reconstruction {reconstruction} of whole {frameLength}-step frames does "
                + $"not match the input {input}");
        int batch = input.Batch, channels = input.Channels, length = reconstruction.Length,
            frames = length / frameLength;
        var difference = Activations.Ensure(backend, ref _difference, batch, channels, length);
        var errors = Activations.Ensure(backend, ref _errors, batch, 1, frames);
        if (_ones is null || _ones.Length != channels * frameLength)
        {
            _ones?.Dispose();
            _ones = backend.Allocate(channels * frameLength);
            backend.Fill(_ones, 1f);
        }
        backend.CopyRows(batch * channels, input.Buffer, input.Length, difference.Buffer, length);
        backend.Scale(difference.Buffer, -1f);
        backend.AddInto(reconstruction.Buffer, difference.Buffer);
        backend.Multiply(difference.Buffer, difference.Buffer, difference.Buffer);
        backend.Conv1dForward(new ConvGeometry(batch, channels, 1, length, frameLength, Stride: frameLength),
            difference.Buffer, _ones, null, errors.Buffer);
        if (_host.Length != batch * frames) _host = new float[batch * frames];
        backend.Download(errors.Buffer, _host);
        return _host;
    }

    public void Dispose()
    {
        _difference?.Dispose();
        _errors?.Dispose();
        _ones?.Dispose();
    }
}
