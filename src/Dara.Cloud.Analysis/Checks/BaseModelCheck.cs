namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// <c>base-model-mismatch</c>: the card's <c>base_model</c> against the name's architecture — a fine-tune of Llama named
/// after Mistral. Only architectures the vocabulary knows on both sides can disagree; a merge (several base models)
/// agrees when any of them does.
/// </summary>
public sealed class BaseModelCheck : INameCheck
{
    public IEnumerable<Finding> Run(CheckContext context, ICollection<string> skipped)
    {
        var claimed = context.ClaimedArchitectures.Where(c => c.Info is not null).Select(c => c.Info!).ToList();
        var bases = context.Facts.CardBaseModels;
        if (claimed.Count == 0 || bases.Count == 0)
        {
            yield break;
        }

        var baseFamilies = bases
            .SelectMany(b => context.Parser.Parse(b).Elements.Where(e => e.Code == Naming.ElementCode.A))
            .Select(e => (context.Vocabulary.FindArchitecture(e.Text) ?? context.Vocabulary.FindArchitecture(e.Value))?.Family)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (baseFamilies.Count == 0 || claimed.Any(c => baseFamilies.Contains(c.Family)))
        {
            yield break;
        }

        var element = context.ClaimedArchitectures.First(c => c.Info is not null).Element;
        yield return new Finding(
            FindingCodes.BaseModelMismatch, Severity.Warning, "A", element.Text, string.Join(", ", bases),
            context.EvidenceFor("base_model", "README.md: base_model"), 0.6,
            $"The name says {claimed[0].Display} but the model card's base_model is {string.Join(", ", bases)}.");
    }
}
