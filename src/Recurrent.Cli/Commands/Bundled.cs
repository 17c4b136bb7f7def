namespace Recurrent.Cli.Commands;

/// <summary>Defaults shared by the language-model commands.</summary>
internal static class Bundled
{
    /// <summary>Tiny Shakespeare, shipped beside the tool (data/ is copied into the build output).</summary>
    public static string TinyShakespeare => Path.Combine(AppContext.BaseDirectory, "data", "tinyshakespeare", "input.txt");

    public static string Brown => Path.Combine(AppContext.BaseDirectory, "data", "brown");
}
