using System.CommandLine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Cli;

/// <summary>
/// Refuses empty text options (<see cref="EmptyValues"/>), runs a command body and turns the errors a user can cause
/// (bad files, bad shapes, bad options, sizes past the memory) into one line on stderr, "error: ...", and exit code 1.
/// Anything else is a bug and keeps its stack trace.
/// </summary>
public static class CliErrors
{
    public static void SetGuardedAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> body)
        => command.SetAction(async (parse, cancel) =>
        {
            try
            {
                EmptyValues.Refuse(parse);
                return await body(parse, cancel);
            }
            catch (Exception error) when (IsUserFacing(error))
            {
                Console.Error.WriteLine($"error: {PrintableText.Of(error.Message)}");
                return 1;
            }
            catch (Exception error) when (MemoryError(error) is { } shortfall)
            {
                Console.Error.WriteLine($"error: {PrintableText.Of(MemoryShortfall.Explain(shortfall))}");
                return 1;
            }
            catch (OperationCanceledException)
            {
                // the signal's own code, so a command cancelled by SIGTERM ends as a second SIGTERM's exit would
                Console.Error.WriteLine("error: cancelled");
                return StopSignals.ExitCode is > 0 and var signalled ? signalled : 130;
            }
        });

    public static void SetGuardedAction(this Command command, Func<ParseResult, int> body)
        => command.SetGuardedAction((parse, _) => Task.FromResult(body(parse)));

    // out of memory, also as the one failure of a parallel kernel's items (CoreWorkers wraps those)
    private static OutOfMemoryException? MemoryError(Exception error) => error switch
    {
        OutOfMemoryException direct => direct,
        AggregateException { InnerExceptions: [OutOfMemoryException inner] } => inner,
        _ => null,
    };

    private static bool IsUserFacing(Exception error) => error is ArgumentException or InvalidDataException
        or IOException or UnauthorizedAccessException or FormatException or NotSupportedException
        or InvalidOperationException or System.Text.Json.JsonException;
}
