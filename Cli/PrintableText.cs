using System.Globalization;
using System.Text;

namespace TcnWtaNative.Cli;

/// <summary>
/// Error text made safe for a terminal: a file name, CSV cell or option value quoted in a message may hold control
/// characters (an escape sequence that recolours or clears the terminal, a newline that splits the one error line),
/// so each is shown as \uXXXX instead of being sent to the terminal.
/// </summary>
public static class PrintableText
{
    public static string Of(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var printable = new StringBuilder(text.Length + 16);
        foreach (char c in text)
            if (char.IsControl(c)) printable.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else printable.Append(c);
        return printable.ToString();
    }
}
