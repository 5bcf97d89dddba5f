using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TcnWtaNative.Cli;

/// <summary>
/// Decimal options (double and float, alone, nullable or a list) read a plain finite number with a point, in any
/// culture: System.CommandLine's own reading takes a comma as a thousands separator ("--add-noise 0,5" would be 5)
/// and an overflow as infinity ("--epsilon 1e400"); here those, NaN and infinities are usage errors.
/// </summary>
public static class DecimalOptions
{
    /// <summary>
    /// Gives every decimal option of <paramref name="command"/> and its subcommands the strict reading; returns the
    /// command.
    /// </summary>
    public static Command MakeStrict(Command command)
    {
        foreach (var option in command.Options)
            switch (option)
            {
                case Option<double> plain: Install(plain, value => value); break;
                case Option<double?> nullable: Install(nullable, value => (double?)value); break;
                case Option<float> single: Install(single, value => (float)value); break;
                case Option<float?> nullableSingle: Install(nullableSingle, value => (float?)value); break;
                case Option<double[]> list: InstallList(list); break;
            }
        foreach (var subcommand in command.Subcommands) MakeStrict(subcommand);
        return command;
    }

    /// <summary>
    /// Null when <paramref name="given"/> reads as a finite <paramref name="type"/> (double or float); else the usage
    /// error, "--add-noise takes a number with a decimal point, not '0,5'".
    /// </summary>
    public static string? Problem(string optionName, Type type, string given)
    {
        if (!double.TryParse(given, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            return given.Contains(',')
                ? $"{optionName} takes a number with a decimal point, not '{given}'"
                : $"{optionName} takes a number, not '{given}'";
        bool finite = type == typeof(float) ? float.IsFinite((float)value) : double.IsFinite(value);
        return finite ? null : $"{optionName} takes a finite number, not '{given}'";
    }

    private static void Install<T>(Option<T> option, Func<double, T> convert)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return DefaultOf(option, result);
            return Read(result, option.Name, type, result.Tokens[^1].Value) is double value ? convert(value) : default;
        };
    }

    private static void InstallList(Option<double[]> option) => option.CustomParser = result =>
    {
        if (result.Tokens.Count == 0) return DefaultOf(option, result);
        var values = result.Tokens.Select(token => Read(result, option.Name, typeof(double), token.Value)).ToArray();
        return values.All(value => value.HasValue) ? [.. values.Select(value => value!.Value)] : null;
    };

    private static T? DefaultOf<T>(Option<T> option, ArgumentResult result)
        => option.DefaultValueFactory is { } factory ? factory(result) : default;

    private static double? Read(ArgumentResult result, string optionName, Type type, string given)
    {
        if (Problem(optionName, type, given) is { } problem)
        {
            result.AddError(problem);
            return null;
        }
        return double.Parse(given, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
