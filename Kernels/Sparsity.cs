namespace TcnWtaNative.Kernels;

/// <summary>The three winner-take-all sparsifiers (DESIGN section 2).</summary>
public enum SparsityKind
{
    /// <summary>Keep the k largest of the N values in each code column (b, l); ties go to the lower channel.</summary>
    ChannelTopK,
    /// <summary>For each (b, n) keep only the largest value over time l; ties go to the earlier step.</summary>
    Spatial,
    /// <summary>Spatial, then for each atom n keep the top rate fraction of its winners across the batch.</summary>
    Lifetime,
}

/// <summary>Reconstruction losses.</summary>
public enum LossKind
{
    /// <summary>mean((y - x)^2) over unmasked entries.</summary>
    Mse,
    /// <summary>mean(|y - x|) over unmasked entries.</summary>
    L1,
    /// <summary>
    /// Binary hits with values: sigmoid cross-entropy on the first H (hit) channels, whose predictions are logits, and
    /// x_hit * (y - x)^2 on each value channel c &gt;= H, x_hit the target's hit channel (c - H) mod H at the same
    /// step; summed over unmasked entries and divided by their count, as MSE.
    /// </summary>
    Hits,
}
