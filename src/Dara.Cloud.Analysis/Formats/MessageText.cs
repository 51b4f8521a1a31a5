namespace Dara.Cloud.Analysis.Formats;

/// <summary>Puts text taken from untrusted files into error messages safely: short, quoted, on one line.</summary>
internal static class MessageText
{
    private const int MaxNameChars = 120;

    /// <summary>A name (tensor, key, shard) quoted and cut so that a hostile name cannot flood or break the message.</summary>
    public static string Quote(string name)
    {
        var shown = name.Length <= MaxNameChars ? name : string.Concat(name.AsSpan(0, MaxNameChars), "…");
        return $"'{shown.ReplaceLineEndings(" ")}'";
    }
}
