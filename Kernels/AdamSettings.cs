namespace TcnWtaNative.Kernels;

/// <summary>
/// Hyper-parameters of one Adam or AdamW step, as torch.optim.Adam / torch.optim.AdamW define them.
/// Adam adds WeightDecay*param to the gradient (L2); AdamW (Decoupled) first shrinks param by (1 - lr*WeightDecay).
/// </summary>
public readonly record struct AdamSettings(
    float LearningRate,
    float Beta1 = 0.9f,
    float Beta2 = 0.999f,
    float Epsilon = 1e-8f,
    float WeightDecay = 0f,
    bool Decoupled = false);
