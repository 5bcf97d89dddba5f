using TcnWtaNative.Kernels.Ilgpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// <see cref="Tf32Rounding"/> on chosen bit patterns, as PTX's cvt.rna.tf32.f32 rounds: the nearest value with 10
/// mantissa bits, ties away from zero, carries into the exponent, NaN and infinity untouched, subnormals rounded at
/// the same bit position.
/// </summary>
public sealed class Tf32RoundingTests
{
    [TestCase(0x3F80_0000u, 0x3F80_0000u, TestName = "1 is a TF32 value and stays")]
    [TestCase(0x0000_0000u, 0x0000_0000u, TestName = "+0 stays +0")]
    [TestCase(0x8000_0000u, 0x8000_0000u, TestName = "-0 stays -0")]
    [TestCase(0x3F80_1000u, 0x3F80_2000u, TestName = "1 + 2^-11, a tie, rounds away from zero")]
    [TestCase(0xBF80_1000u, 0xBF80_2000u, TestName = "-(1 + 2^-11), a tie, rounds away from zero")]
    [TestCase(0x3F80_5000u, 0x3F80_6000u, TestName = "a tie above an even TF32 mantissa rounds away, not to even")]
    [TestCase(0x3F80_0FFFu, 0x3F80_0000u, TestName = "just below a tie rounds down")]
    [TestCase(0x3F80_1001u, 0x3F80_2000u, TestName = "just above a tie rounds up")]
    [TestCase(0x3FFF_FFFFu, 0x4000_0000u, TestName = "just below 2 carries into the exponent: 2")]
    [TestCase(0xBFFF_F000u, 0xC000_0000u, TestName = "a negative tie below -2 carries into the exponent")]
    [TestCase(0x7F7F_E000u, 0x7F7F_E000u, TestName = "the largest TF32 value stays")]
    [TestCase(0x7F7F_EFFFu, 0x7F7F_E000u, TestName = "below the tie past the largest TF32 value rounds down")]
    [TestCase(0x7F7F_FFFFu, 0x7F80_0000u, TestName = "the largest float rounds to infinity")]
    [TestCase(0x7F80_0000u, 0x7F80_0000u, TestName = "+infinity stays")]
    [TestCase(0xFF80_0000u, 0xFF80_0000u, TestName = "-infinity stays")]
    [TestCase(0x7FC0_0000u, 0x7FC0_0000u, TestName = "a quiet NaN stays")]
    [TestCase(0x7F80_0001u, 0x7F80_0001u, TestName = "a NaN whose payload lies in the dropped bits stays a NaN")]
    [TestCase(0x0000_1000u, 0x0000_2000u, TestName = "a subnormal tie rounds away from zero")]
    [TestCase(0x8000_0FFFu, 0x8000_0000u, TestName = "a subnormal below a tie rounds to -0")]
    [TestCase(0x007F_FFFFu, 0x0080_0000u, TestName = "the largest subnormal carries into the smallest normal")]
    public void RoundsBitPatternsLikeCvtRna(uint input, uint expected)
    {
        uint actual = BitConverter.SingleToUInt32Bits(Tf32Rounding.Round(BitConverter.UInt32BitsToSingle(input)));
        Assert.That(actual, Is.EqualTo(expected), $"0x{input:X8} -> 0x{actual:X8}, expected 0x{expected:X8}");
    }

    [Test]
    public void EveryResultIsATf32ValueWithinHalfATf32Ulp()
    {
        foreach (float value in RandomTensors.UniformFloat(10_000, seed: 41, low: -1e6, high: 1e6))
        {
            float rounded = Tf32Rounding.Round(value);
            Assert.That(BitConverter.SingleToUInt32Bits(rounded) & 0x1FFF, Is.Zero, $"{value:R} -> {rounded:R}");
            double bound = Tf32Rounding.UnitRoundoff * Math.Abs(value);
            Assert.That(Math.Abs((double)rounded - value), Is.LessThanOrEqualTo(bound), $"{value:R} -> {rounded:R}");
        }
    }
}
