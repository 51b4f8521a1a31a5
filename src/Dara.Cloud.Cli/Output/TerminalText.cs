using Dara.Cloud.Analysis.Formats;
using Spectre.Console;

namespace Dara.Cloud.Cli.Output;

/// <summary>
/// Text from artifacts and command lines as the tables show it. <see cref="Markup.Escape"/> only stops markup; a
/// model_type, GGUF name or tensor name holding ESC would still reach the terminal and be obeyed, so control
/// characters are shown as escapes too.
/// </summary>
internal static class TerminalText
{
    /// <summary>Markup that shows <paramref name="text"/> literally, control characters made visible.</summary>
    public static string Escape(string text) => Markup.Escape(MessageText.Printable(text));

    /// <summary>A plain text cell showing <paramref name="text"/>, control characters made visible.</summary>
    public static Text Plain(string text) => new(MessageText.Printable(text));
}
