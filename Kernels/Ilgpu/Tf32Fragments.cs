namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The A registers one lane holds for an m16n8k8 TF32 mma (g = lane / 4, t = lane % 4): A0 = A[g, t],
/// A1 = A[g+8, t], A2 = A[g, t+4], A3 = A[g+8, t+4]; values already rounded to TF32.
/// </summary>
internal readonly record struct Tf32AFragment(float A0, float A1, float A2, float A3);

/// <summary>
/// The B registers one lane holds for an m16n8k8 TF32 mma: B0 = B[t, g], B1 = B[t+4, g]; values already TF32.
/// </summary>
internal readonly record struct Tf32BFragment(float B0, float B1);

/// <summary>
/// The fp32 accumulators one lane holds of a 16x8 mma tile: C0 = C[g, 2t], C1 = C[g, 2t+1], C2 = C[g+8, 2t],
/// C3 = C[g+8, 2t+1].
/// </summary>
internal readonly record struct Tf32Accumulator(float C0, float C1, float C2, float C3);
