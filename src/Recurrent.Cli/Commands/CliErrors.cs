using Spectre.Console;

namespace Recurrent.Cli.Commands;

/// <summary>Bad input ends in one line naming the problem and a non-zero exit code, never a stack trace.</summary>
internal static class CliErrors
{
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or InvalidOperationException
                                       or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException
                                       or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("RECURRENT_DEBUG") is null)
        {
            // A bug, not bad input: still one line (set RECURRENT_DEBUG=1 for the stack trace).
            Console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message}");
            return 70;
        }
    }

    public static string Escape(string text) => Markup.Escape(text);

    /// <summary>A Spectre console on the current Console.Out (tests redirect it), instead of the one bound at startup.</summary>
    public static IAnsiConsole Terminal() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
}
