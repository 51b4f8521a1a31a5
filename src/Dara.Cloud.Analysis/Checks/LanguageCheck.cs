using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary><c>language-mismatch</c>: the languages a name states against the model card's <c>language</c>.</summary>
public sealed class LanguageCheck : INameCheck
{
    public IEnumerable<Finding> Run(CheckContext context, ICollection<string> skipped)
    {
        var claimed = context.Name.Elements.Where(e => e.Code == ElementCode.L).ToList();
        if (claimed.Count == 0)
        {
            yield break;
        }

        var card = context.Facts.CardLanguages.Select(l => Normalise(context.Parser, l)).Distinct(StringComparer.Ordinal).ToList();
        if (card.Count == 0)
        {
            skipped.Add($"{FindingCodes.LanguageMismatch}: the model card states no language");
            yield break;
        }

        if (card.Contains("multilingual"))
        {
            yield break;
        }

        var missing = claimed.Where(c => c.Value == "multilingual" ? card.Count < 2 : !card.Any(l => SameLanguage(c.Value, l))).ToList();
        if (missing.Count == 0)
        {
            yield break;
        }

        // A card listing one language the name does not mention contradicts it; a longer list may just omit one.
        var severity = card.Count == 1 && missing.Count == claimed.Count ? Severity.Error : Severity.Warning;
        var listed = string.Join(", ", card);
        yield return new Finding(
            FindingCodes.LanguageMismatch, severity, "L", missing[0].Text, listed, context.EvidenceFor("language", "README.md: language"),
            severity == Severity.Error ? 0.85 : 0.5,
            $"The name says {missing[0].Text} but the model card's languages are {listed}.");
    }

    // A macrolanguage covers its written standards: Norwegian (no) is Bokmål (nb) or Nynorsk (nn), Chinese is Cantonese too.
    private static readonly Dictionary<string, string> Macrolanguages = new(StringComparer.Ordinal)
    {
        ["nb"] = "no", ["nn"] = "no", ["yue"] = "zh", ["cmn"] = "zh",
    };

    private static bool SameLanguage(string named, string listed) =>
        named == listed || MacrolanguageOf(named) == MacrolanguageOf(listed);

    private static string MacrolanguageOf(string language) => Macrolanguages.GetValueOrDefault(language, language);

    /// <summary>A card language as the parser normalises a language in a name ("English", "eng" → "en").</summary>
    internal static string Normalise(NameParser parser, string language)
    {
        var parsed = parser.Parse(language);
        return parsed.Languages.Count == 1 ? parsed.Languages[0] : language.Trim().ToLowerInvariant();
    }
}
