using System.CommandLine;

namespace TcnWtaNative.Cli;

/// <summary>
/// Text options that take one of a fixed set of values, in any case (--dataset Groove is groove): the value is the
/// choice as spelled here, and anything else is a one-line parse error that lists the choices and suggests the nearest.
/// </summary>
public static class ChoiceOptions
{
    /// <summary>
    /// Restricts <paramref name="option"/> to <paramref name="choices"/> (case ignored); help lists them.
    /// </summary>
    public static Option<string> AcceptOnlyChoices(this Option<string> option, params string[] choices)
    {
        option.CompletionSources.Add(choices);
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return option.DefaultValueFactory?.Invoke(result);
            string given = result.Tokens[^1].Value;
            var match = choices.FirstOrDefault(
                choice => string.Equals(choice, given, StringComparison.OrdinalIgnoreCase));
            if (match is null) result.AddError(NotAChoice(option.Name, given, choices));
            return match;
        };
        return option;
    }

    /// <summary>"--dataset: 'grove' is not one of synthetic, groove, maestro; did you mean 'groove'?".</summary>
    public static string NotAChoice(string optionName, string given, IReadOnlyCollection<string> choices)
        => $"{optionName}: '{given}' is not one of "
            + $"{string.Join(", ", choices)}{Suggestions.DidYouMean(given, choices)}";
}
