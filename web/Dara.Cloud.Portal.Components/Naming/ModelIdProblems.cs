using System.Text;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>
/// Says what is wrong with text that is not a Hub model id, in words a person can act on. Whether an id is valid is
/// <see cref="ModelKey.TryParse"/>'s to decide; this only explains a refusal, so "t5--medical--chatbot" is told that
/// the Hub forbids "--" rather than to "give owner/name", which it already is.
/// </summary>
public static class ModelIdProblems
{
    /// <summary>The rules, for where there is room to state them all.</summary>
    public const string Rules =
        "owner/name, each part 1-96 letters, digits, '-', '_' or '.', starting with a letter or digit, not ending in '-' or '.', without '--' or '..'";

    /// <summary>The longest owner or name the Hub takes.</summary>
    public const int MaxPartLength = 96;

    private static readonly TenantId Placeholder = new("check");

    /// <summary>Why <paramref name="text"/> is no owner/name model id; null when it is one.</summary>
    public static string? Of(string? text)
    {
        if (ModelKey.TryParse(Placeholder, text, out _))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return "Give the model's id as owner/name.";
        }

        var parts = text.Split('/');
        if (parts.Length != 2)
        {
            return parts.Length < 2
                ? $"'{text}' has no owner: give it as owner/name."
                : $"'{text}' has more than one '/': give it as owner/name.";
        }

        return PartProblem("owner", parts[0]) ?? PartProblem("name", parts[1]) ?? $"'{text}' is not a model id: {Rules}.";
    }

    /// <summary>Why <paramref name="name"/>, a model's name without its owner, could not be one; null when it could.</summary>
    public static string? OfName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ModelKey.TryParse(Placeholder, "x/" + name, out _) ? null : PartProblem("name", name) ?? $"'{name}' is not a model name: {Rules}.";
    }

    /// <summary>Why one part (owner or name) of an id is refused; null when nothing this can name is wrong with it.</summary>
    private static string? PartProblem(string which, string part)
    {
        if (part.Length == 0)
        {
            return $"The {which} is empty: give the id as owner/name.";
        }

        if (part.Length > MaxPartLength)
        {
            return $"The {which} is {part.Length} characters long; the Hub takes at most {MaxPartLength}.";
        }

        if (FirstNotAllowed(part) is { } bad)
        {
            return bad.Value == ' '
                ? $"The {which} '{part}' has a space: use letters, digits, '-', '_' and '.' only."
                : $"The {which} '{part}' has '{bad}': use letters, digits, '-', '_' and '.' only.";
        }

        if (part.Contains("--", StringComparison.Ordinal) || part.Contains("..", StringComparison.Ordinal))
        {
            return $"The {which} '{part}' has '{(part.Contains("--", StringComparison.Ordinal) ? "--" : "..")}', which the Hub does not allow in ids.";
        }

        if (!char.IsAsciiLetterOrDigit(part[0]))
        {
            return $"The {which} '{part}' must start with a letter or digit.";
        }

        return part[^1] is '-' or '.' ? $"The {which} '{part}' must not end with '{part[^1]}'." : null;
    }

    // By Unicode scalar, not UTF-16 unit: an emoji is named whole rather than as half a surrogate pair (shown as U+FFFD),
    // and a NUL is named too (as a char it was the "none found" value and went unnamed).
    private static Rune? FirstNotAllowed(string part)
    {
        foreach (var rune in part.EnumerateRunes())
        {
            if (!rune.IsAscii || !IsAllowed((char)rune.Value))
            {
                return rune;
            }
        }

        return null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
