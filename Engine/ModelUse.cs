namespace TcnWtaNative.Engine;

/// <summary>
/// Guards one <see cref="Autoencoder"/> against the two uses that corrupt it without a word: a call from a second
/// thread while one runs (the layers own their activations, so two forward passes at once mix their codes), and any
/// call after <see cref="Autoencoder.Dispose"/> (on a GPU its buffers are freed; on the CPU it quietly went on). A
/// call enters, may enter again on its own thread (an inference call runs a forward pass, which enters too), and
/// leaves; the model is free again when the outermost call leaves. One compare-and-swap a call.
/// </summary>
internal sealed class ModelUse
{
    private int _thread;   // the managed thread id of the call in progress, 0 when none
    private int _depth;    // how deep that thread has entered
    private volatile bool _disposed;

    /// <summary>Enters a call; throws when the model is disposed or in use by another thread.</summary>
    public Scope Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, typeof(Autoencoder));
        int me = Environment.CurrentManagedThreadId;
        int owner = Interlocked.CompareExchange(ref _thread, me, 0);
        if (owner != 0 && owner != me)
            throw new InvalidOperationException(
                "the model is in use by another thread: a model runs one call at a time (its layers own their "
                + "activations), so give each thread a model of its own");
        _depth++;
        return new Scope(this);
    }

    /// <summary>Marks the model disposed: every later call is an <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _disposed = true;

    private void Leave()
    {
        if (--_depth == 0) Volatile.Write(ref _thread, 0);
    }

    /// <summary>One entered call; disposing it leaves.</summary>
    public readonly struct Scope(ModelUse use) : IDisposable
    {
        /// <summary>Leaves the call.</summary>
        public void Dispose() => use.Leave();
    }
}
