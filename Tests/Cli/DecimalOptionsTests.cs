using System.CommandLine;
using TcnWtaNative.Cli;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// The strict reading of decimal options keeps what parsed before (plain numbers, exponents, defaults, lists) and
/// turns a comma or a non-finite value into a parse error.
/// </summary>
public class DecimalOptionsTests
{
    private readonly Option<double> _rate = new("--rate") { DefaultValueFactory = _ => 0.25 };
    private readonly Option<double?> _noise = new("--noise");
    private readonly Option<float> _share = new("--share");
    private readonly Option<double[]> _values = new("--values") { AllowMultipleArgumentsPerToken = true };

    private ParseResult Parse(params string[] args)
    {
        var command = new RootCommand { _rate, _noise, _share, _values };
        return DecimalOptions.MakeStrict(command).Parse(args);
    }

    [Test]
    public void PlainNumbersAndDefaultsReadAsBefore()
    {
        var parse = Parse("--noise", "1.5e-3", "--share", "-0.5", "--values", "1", "2.5", ".75");

        Assert.That(parse.Errors, Is.Empty);
        Assert.That(parse.GetValue(_rate), Is.EqualTo(0.25), "the default");
        Assert.That(parse.GetValue(_noise), Is.EqualTo(1.5e-3));
        Assert.That(parse.GetValue(_share), Is.EqualTo(-0.5f));
        Assert.That(parse.GetValue(_values), Is.EqualTo(new[] { 1, 2.5, 0.75 }));
        Assert.That(Parse().GetValue(_noise), Is.Null, "a nullable option not given stays null");
    }

    [TestCase("--rate", "0,5", "--rate takes a number with a decimal point, not '0,5'")]
    [TestCase("--noise", "1,000", "--noise takes a number with a decimal point, not '1,000'")]
    [TestCase("--rate", "Infinity", "--rate takes a finite number, not 'Infinity'")]
    [TestCase("--rate", "1e400", "--rate takes a finite number, not '1e400'")]
    [TestCase("--share", "1e39", "--share takes a finite number, not '1e39'")]
    [TestCase("--values", "0.1 2,5", "--values takes a number with a decimal point, not '2,5'")]
    [TestCase("--noise", "lots", "--noise takes a number, not 'lots'")]
    public void ACommaOrANonFiniteValueIsAParseError(string option, string given, string message)
    {
        var parse = Parse([option, .. given.Split(' ')]);

        Assert.That(parse.Errors.Select(error => error.Message), Is.EqualTo(new[] { message }));
    }
}
