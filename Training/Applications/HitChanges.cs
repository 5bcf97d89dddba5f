namespace TcnWtaNative.Training.Applications;

/// <summary>How a denoised Groove piece may differ from its input's hits (<see cref="InputHits"/>).</summary>
public enum HitChanges
{
    /// <summary>As decoded: hits may go and come.</summary>
    Any,

    /// <summary>
    /// Only the input's hits may stay, each as played (<c>denoise --only-remove</c>): for extra hits.
    /// </summary>
    OnlyRemove,

    /// <summary>
    /// Every input hit stays as played and the code may add more (<c>denoise --only-add</c>): for missed hits.
    /// </summary>
    OnlyAdd,
}
