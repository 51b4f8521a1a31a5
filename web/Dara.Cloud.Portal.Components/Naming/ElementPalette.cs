using System.Collections.Frozen;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>
/// What each naming-element code means and the colour its chip has. The colours are the CLI's
/// (<c>dara inspect</c>'s element chips, Spectre.Console's named colours as hex), so a name looks the same in the
/// terminal and in the portal; text colour is fixed with each background, so chips read the same in dark mode.
/// </summary>
public static class ElementPalette
{
    private static readonly ElementStyle Unknown = new("?", "Unrecognised element", "#B2B2B2", "#000000");

    private static readonly FrozenDictionary<string, ElementStyle> Styles = new Dictionary<string, ElementStyle>(StringComparer.Ordinal)
    {
        ["A"] = new("A", "Architecture", "#00AFFF", "#000000"),
        ["S"] = new("S", "Size", "#FFD700", "#000000"),
        ["P"] = new("P", "Parameter count", "#FFAF00", "#000000"),
        ["T"] = new("T", "Task or application", "#87FFAF", "#000000"),
        ["L"] = new("L", "Language", "#FFAFFF", "#000000"),
        ["D"] = new("D", "Dataset", "#FFAF87", "#000000"),
        ["V"] = new("V", "Version", "#AFD7FF", "#000000"),
        ["F"] = new("F", "Reuse method (fine-tuned, distilled, LoRA)", "#5FFFD7", "#000000"),
        ["Q"] = new("Q", "Precision or quantization", "#FFFF87", "#000000"),
        ["W"] = new("W", "Format or framework", "#FFFF87", "#000000"),
        ["O"] = new("O", "Other (not a naming element)", "#5F5F5F", "#FFFFFF"),
        ["C"] = new("C", "Dataset or input characteristic", "#B2B2B2", "#000000"),
        ["R"] = new("R", "Training process", "#B2B2B2", "#000000"),
        ["N"] = new("N", "Number of layers", "#B2B2B2", "#000000"),
        ["H"] = new("H", "Heads or hidden width", "#B2B2B2", "#000000"),
        ["M"] = new("M", "Organization", "#B2B2B2", "#000000"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every code with a meaning, in the order the palette lists them.</summary>
    public static IReadOnlyCollection<string> Codes => Styles.Keys;

    /// <summary>The style of <paramref name="code"/> (A, S, P…); unknown codes get a neutral grey.</summary>
    public static ElementStyle Of(string? code) =>
        code is not null && Styles.TryGetValue(code, out var style) ? style : Unknown with { Code = code ?? "?" };
}

/// <summary>A naming-element code's meaning and chip colours (CSS hex).</summary>
public sealed record ElementStyle(string Code, string Meaning, string Background, string Foreground)
{
    /// <summary>The inline CSS of a chip of this element.</summary>
    public string Css => $"background-color:{Background};color:{Foreground};";
}
