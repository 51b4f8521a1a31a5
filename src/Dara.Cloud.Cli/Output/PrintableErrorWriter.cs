using System.Text;
using Dara.Cloud.Analysis.Formats;

namespace Dara.Cloud.Cli.Output;

/// <summary>
/// Standard error as every command writes to it. Messages carry file names, tensor names, rows and arguments that
/// come from untrusted input; here their control characters become visible escapes instead of terminal commands.
/// Line breaks stay (one message a line; DARA_DEBUG's stack traces span several).
/// </summary>
internal sealed class PrintableErrorWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n' || !char.IsControl(value))
        {
            inner.Write(value);
        }
        else
        {
            inner.Write(MessageText.Printable(value.ToString()));
        }
    }

    public override void Write(string? value) => inner.Write(Printable(value));

    public override void WriteLine(string? value) => inner.WriteLine(Printable(value));

    public override void Flush() => inner.Flush();

    private static string Printable(string? value) => value is null
        ? string.Empty
        : string.Join('\n', value.ReplaceLineEndings("\n").Split('\n').Select(MessageText.Printable));
}
