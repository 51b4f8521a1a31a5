namespace Dara.Cloud.Inference.Features;

/// <summary>
/// The character n-grams of a long operation name: model-specific module classes share parts with their kin
/// (<c>bigbirdpegasusscaledwordembedding</c> and <c>bartscaledwordembedding</c>, <c>mt5layernorm</c> and
/// <c>longt5layernorm</c>), so a class seen once still says something through the parts it shares. Short names
/// (<c>add</c>, <c>view</c>, <c>linear</c>) are their own unigram and get none. Computed once per distinct name.
/// </summary>
internal static class NameGrams
{
    /// <summary>Names shorter than this are generic functions or modules, fully described by their unigram.</summary>
    public const int MinimumNameLength = 10;

    private const int Shortest = 3;
    private const int Longest = 5;

    /// <summary>The hashes of the 3- to 5-character substrings of <paramref name="name"/>, with its ends marked.</summary>
    public static ulong[] Of(string name)
    {
        if (name.Length < MinimumNameLength)
        {
            return [];
        }

        // '^' and '$' mark the ends, so a prefix (bigbird…) and a suffix (…embedding) are features of their own.
        var marked = $"^{name}$";
        var grams = new HashSet<ulong>();
        for (var n = Shortest; n <= Longest; n++)
        {
            for (var i = 0; i + n <= marked.Length; i++)
            {
                grams.Add(FeatureExtractor.Fnv(marked.AsSpan(i, n)));
            }
        }

        return [.. grams.Order()];
    }
}
