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
                                       or UnauthorizedAccessException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    public static string Escape(string text) => Markup.Escape(text);
}
