using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary><c>convention</c>: how a name departs from the organization's <see cref="NamingPolicy"/>.</summary>
public sealed class ConventionCheck(CheckKnowledge knowledge) : INameCheck
{
    public IEnumerable<Finding> Run(CheckContext context, ICollection<string> skipped)
    {
        var policy = context.Policy;
        var name = context.Name;
        var facts = context.Facts;
        Finding Departure(string? element, string? claimed, string message) =>
            new(FindingCodes.Convention, policy.Severity, element, claimed, null, "naming policy", 1.0, message);

        if (policy.RequireArchitecture && !name.Has(ElementCode.A) && !context.AWordOpensWithItsArchitecture)
        {
            yield return Departure("A", null, "The policy asks for the architecture in the name.");
        }
        else if (policy.RequireArchitecture && BrandInPlaceOfArchitecture(context) is { } brand)
        {
            // "Many models claim to be a whole new architecture, and then the config simply says that they're llama."
            var observed = context.Vocabulary.FindArchitecture(facts.ModelType!)?.Display ?? facts.ModelType!;
            var what = knowledge.RecipeNames.Contains(brand.Text) ? "names a fine-tuning recipe, not the base" : "reads as a new architecture";
            yield return new Finding(
                FindingCodes.Convention, policy.Severity, "A", brand.Text, facts.ModelType, context.EvidenceFor("model_type", "artifacts"), 0.9,
                $"\"{brand.Text}\" {what}, but the model is a {observed}: the policy asks for the architecture in the name.");
        }

        var hasTask = name.Has(ElementCode.T) || name.Elements.Any(e => e.Code == ElementCode.D && context.Vocabulary.TaskOf(e) is not null);
        if (policy.RequireTaskForFineTuned && !hasTask && facts.ImpliedTask is { } task && IsTaskHead(task))
        {
            yield return Departure("T", null, $"The policy asks a fine-tuned model's name to say its task ({task}).");
        }

        if (policy.RequireSize && !name.Has(ElementCode.S) && !name.Has(ElementCode.P))
        {
            yield return Departure("S", null, "The policy asks for the size or parameter count in the name.");
        }

        if (OutOfOrder(name, policy.Order) is { } pair)
        {
            yield return Departure(pair.Later.Code.ToString(), pair.Later.Text,
                $"The policy puts {pair.Earlier.Code} before {pair.Later.Code}: \"{pair.Earlier.Text}\" should come before \"{pair.Later.Text}\".");
        }

        if (policy.Separator is { } separator && name.Name.Where((c, i) => c is '-' or '_' or ' ' && c != separator && !InFixedSpelling(name, i)).Any())
        {
            yield return Departure(null, name.Name, $"The policy separates words with '{separator}'.");
        }

        if (policy.Lowercase && name.Name.Any(char.IsUpper))
        {
            yield return Departure(null, name.Name, "The policy asks for lower-case names.");
        }

        if (name.Name.Length > policy.MaxLength)
        {
            yield return Departure(null, name.Name, $"The name is {name.Name.Length} characters; the policy allows {policy.MaxLength}.");
        }

        var tokens = name.Name.Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in policy.ForbiddenWords.Where(w => tokens.Contains(w, StringComparer.OrdinalIgnoreCase)))
        {
            yield return Departure(null, word, $"The policy does not allow \"{word}\" in names.");
        }
    }

    /// <summary>
    /// The name's architecture words do not name the model's architecture: a brand the vocabulary does not know
    /// (SuperNova-7B), or a fine-tuning recipe on another base (Zephyr-3b holding a Llama), while the artifacts say which
    /// known architecture the model is. A known architecture word of another family is an architecture-mismatch instead.
    /// </summary>
    private NamingElement? BrandInPlaceOfArchitecture(CheckContext context)
    {
        if (context.Facts.ModelType is not { } modelType || context.Vocabulary.FindArchitecture(modelType) is null)
        {
            return null;
        }

        var observedFamily = context.Vocabulary.FamilyOf(modelType);
        NamingElement? brand = null;
        foreach (var element in context.Name.Elements.Where(e => e.Code == ElementCode.A))
        {
            var info = context.Vocabulary.FindArchitecture(element.Text) ?? context.Vocabulary.FindArchitecture(element.Value);
            var recipe = info is not null && knowledge.RecipeNames.Contains(element.Text);
            if (info is not null && (!recipe || string.Equals(info.Family, observedFamily, StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

            // A number or a two-letter piece (SMALL-100, No|Instruct) is no brand a reader would take for an architecture.
            if (element.Text.Length >= 3 && element.Text.Any(char.IsLetter))
            {
                brand ??= element;
            }
        }

        return brand;
    }

    private bool IsTaskHead(string task) =>
        knowledge.FineTunedTextTasks.Contains(task) || task is "audio-classification" or "token-classification" or "object-detection" or "image-segmentation";

    /// <summary>The first pair of elements whose order the policy reverses, or null.</summary>
    private static (NamingElement Earlier, NamingElement Later)? OutOfOrder(ParsedName name, IReadOnlyList<ElementCode> order)
    {
        for (var i = 0; i < order.Count; i++)
        {
            for (var j = i + 1; j < order.Count; j++)
            {
                var first = name.Elements.Where(e => e.Code == order[i]).Select(e => (NamingElement?)e).FirstOrDefault();
                var second = name.Elements.Where(e => e.Code == order[j]).Select(e => (NamingElement?)e).LastOrDefault();
                if (first is { } a && second is { } b && b.Start < a.Start)
                {
                    return (a, b);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether position <paramref name="index"/> of the name lies in a quantization type (Q4_K_M, IQ2_XS): llama.cpp
    /// spells those with underscores, so a policy's separator does not apply inside them.
    /// </summary>
    internal static bool InFixedSpelling(ParsedName name, int index) =>
        name.Elements.Any(e => e.Code == ElementCode.Q && index >= e.Start && index < e.Start + e.Length);
}
