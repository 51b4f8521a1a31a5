namespace Dara.Cloud.Analysis.Naming;

/// <summary>Character tests the name readers share.</summary>
internal static class NameText
{
    /// <summary>True when every character is a letter of any script (and for an empty span).</summary>
    public static bool IsLetters(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when nothing but separators lies in <paramref name="gap"/>: no letter, no digit.</summary>
    public static bool IsSeparatorsOnly(ReadOnlySpan<char> gap)
    {
        foreach (var c in gap)
        {
            if (char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
