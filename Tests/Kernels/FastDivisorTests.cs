using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// Division by a multiply-high (<see cref="FastDivisor"/>), which the sorts of sparse codes use on each non-zero's flat
/// index: the same quotient and remainder as the hardware divide, at the ends of the int range and for divisors of
/// every size, and no divisor below one.
/// </summary>
public class FastDivisorTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(100)]     // groove's atoms
    [TestCase(388)]     // maestro's channels
    [TestCase(641)]
    [TestCase(65_537)]
    [TestCase(1 << 30)]
    [TestCase(int.MaxValue)]
    public void QuotientAndRemainderMatchTheHardwareDivide(int divisor)
    {
        var fast = new FastDivisor(divisor);
        var random = new Random(divisor);
        var numbers = new List<int> { 0, 1, divisor - 1, int.MaxValue, int.MaxValue - 1 };
        numbers.Add(int.MaxValue / divisor * divisor);   // the largest multiple
        if (divisor < int.MaxValue) numbers.AddRange([divisor, divisor + 1]);
        if (divisor <= int.MaxValue / 2) numbers.Add(2 * divisor - 1);
        for (int i = 0; i < 10_000; i++) numbers.Add(random.Next());
        foreach (int n in numbers)
            Assert.That(fast.DivRem(n), Is.EqualTo((n / divisor, n % divisor)), $"{n} / {divisor}");
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void ADivisorBelowOneIsRefused(int divisor)
        => Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FastDivisor(divisor));
}
