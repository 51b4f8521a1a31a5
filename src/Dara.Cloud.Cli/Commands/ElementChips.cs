using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Cli.Output;
using Spectre.Console;

namespace Dara.Cloud.Cli.Commands;

/// <summary>Renders parsed names as rows of coloured element chips, one colour per code.</summary>
internal static class ElementChips
{
    public static Table Table(IEnumerable<ParsedName> names, CancellationToken cancellationToken)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("name").AddColumn("elements");
        foreach (var parsed in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var title = parsed.Owner is null
                ? $"[bold]{TerminalText.Escape(parsed.Name)}[/]"
                : $"[grey]{TerminalText.Escape(parsed.Owner)}/[/][bold]{TerminalText.Escape(parsed.Name)}[/]";
            var chips = Chips(parsed);
            if (parsed.Truncated)
            {
                chips += $" [grey](only the first {NameParser.MaxNameLength} characters read)[/]";
            }

            table.AddRow(new Markup(title), new Markup(chips));
        }

        return table;
    }

    /// <summary>The elements of one name as chip markup.</summary>
    public static string Chips(ParsedName parsed) => Chips(parsed.Elements);

    /// <summary>Elements as chip markup.</summary>
    public static string Chips(IReadOnlyList<NamingElement> elements) =>
        elements.Count == 0 ? "[grey](none)[/]" : string.Join(' ', elements.Select(Chip));

    private static string Chip(NamingElement element)
    {
        var meaning = string.Equals(element.Value, element.Text, StringComparison.OrdinalIgnoreCase)
            ? string.Empty
            : $" [dim]→ {TerminalText.Escape(element.Value)}[/]";
        return $"[{Style(element.Code)}] {element.Code} [/] {TerminalText.Escape(element.Text)}{meaning}";
    }

    private static string Style(ElementCode code) => code switch
    {
        ElementCode.A => "black on deepskyblue1",
        ElementCode.S => "black on gold1",
        ElementCode.P => "black on orange1",
        ElementCode.T => "black on palegreen1",
        ElementCode.L => "black on plum1",
        ElementCode.D => "black on lightsalmon1",
        ElementCode.V => "black on lightskyblue1",
        ElementCode.F => "black on aquamarine1",
        ElementCode.Q or ElementCode.W => "black on khaki1",
        ElementCode.O => "white on grey37",
        _ => "black on grey70",
    };
}
