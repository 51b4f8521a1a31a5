using System.Globalization;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// <c>size-mismatch</c>: a parameter count in the name (7b, 410m, 8x7b) against the count read from the weights,
/// a size word (base, large, small) against the family's reference shapes (bert-base is 12 × 768), and layer or head
/// counts (L6, H-12) against the config.
/// </summary>
public sealed class SizeCheck(CheckKnowledge knowledge) : INameCheck
{
    public IEnumerable<Finding> Run(CheckContext context, ICollection<string> skipped)
    {
        var findings = new List<Finding>();
        CheckParameterCount(context, skipped, findings);
        CheckSizeWord(context, skipped, findings);
        CheckBareFlagshipName(context, findings);
        CheckLayersAndHeads(context, findings);
        return findings;
    }

    private static void CheckParameterCount(CheckContext context, ICollection<string> skipped, List<Finding> findings)
    {
        var element = context.Name.Elements.FirstOrDefault(e => e.Code == ElementCode.P);
        if (element.Text is null || context.Name.Parameters is not { } claimed || claimed <= 0)
        {
            return;
        }

        var facts = context.Facts;
        if (facts.Parameters is not { } observed || observed <= 0)
        {
            skipped.Add($"{FindingCodes.SizeMismatch}: no parameter count could be read or computed");
            return;
        }

        // Names round (Llama-2-7b has 6.74B, gemma-7b 8.5B); estimates from config or file sizes are rougher. A count
        // read from the weights that is 1.8 times the name's or more (13B named 7B) or 0.55 of it or less is no rounding.
        var ratio = (double)observed / claimed;
        var (okLow, okHigh, errorLow, errorHigh) = facts.ParametersEstimated ? (0.6, 1.7, 0.45, 2.2) : (0.67, 1.5, 0.55, 1.8);
        if (ratio >= okLow && ratio <= okHigh)
        {
            return;
        }

        var severity = ratio < errorLow || ratio > errorHigh ? Severity.Error : Severity.Warning;
        var how = facts.ParametersEstimated ? $"about {ParameterText.Describe(observed)}" : ParameterText.Describe(observed);
        findings.Add(new Finding(
            FindingCodes.SizeMismatch, severity, "P", element.Text, how, context.EvidenceFor("parameters", "weights"),
            facts.ParametersEstimated ? 0.75 : 0.95,
            $"The name says {element.Text} parameters but the model has {how} ({ratio:0.##}× the claim)."));
    }

    private void CheckSizeWord(CheckContext context, ICollection<string> skipped, List<Finding> findings)
    {
        var element = context.Name.Elements.FirstOrDefault(e => e.Code == ElementCode.S);
        if (element.Text is null)
        {
            return;
        }

        var facts = context.Facts;

        // The claimed architecture's reference sizes, else the observed model's (a brand name on a known backbone).
        var family = context.BestClaimedArchitecture is { Sizes.Count: > 0 } claimedInfo ? claimedInfo
            : facts.ModelType is { } type ? context.Vocabulary.FindArchitecture(type) : null;
        var table = family?.Sizes;

        // On a family sized by parameter counts (Qwen2-1.5B-Base, Llama-2-7b-base), "base" means the model before
        // fine-tuning, not a size; so does it for distilled models named after their teacher (distilroberta-base).
        if (element.Value == "base" && ((table is { Count: > 0 } && !table.ContainsKey("base")) || IsDistilled(context)))
        {
            return;
        }

        if (table is { Count: > 0 } && !table.ContainsKey(element.Value) && table.FirstOrDefault(p => Matches(p.Value, facts)).Key is { } existing
            && (facts.HiddenSize is not null || facts.Blocks is not null))
        {
            findings.Add(new Finding(
                FindingCodes.SizeMismatch, Severity.Warning, "S", element.Text, $"{existing} ({Shape(facts)})",
                context.EvidenceFor("hidden_size", context.EvidenceFor("blocks", "config.json")), 0.7,
                $"{family!.Display} has no \"{element.Value}\" size; the model has the shape of {family.Display}-{existing} ({Shape(facts)})."));
            return;
        }

        if (table is not null && table.TryGetValue(element.Value, out var reference))
        {
            if (facts.HiddenSize is null && facts.Blocks is null)
            {
                skipped.Add($"{FindingCodes.SizeMismatch}: no hidden size or layer count to compare \"{element.Text}\" with");
                return;
            }

            if (Matches(reference, facts))
            {
                return;
            }

            var evidence = context.EvidenceFor("hidden_size", context.EvidenceFor("blocks", "config.json"));
            var shape = Shape(facts);
            var actual = table.FirstOrDefault(p => Matches(p.Value, facts)).Key;
            findings.Add(actual is not null
                ? new Finding(FindingCodes.SizeMismatch, Severity.Error, "S", element.Text, $"{actual} ({shape})", evidence, 0.9,
                    $"The name says {element.Text} but the model has the shape of {family!.Display}-{actual} ({shape}; {element.Value} is {Shape(reference)}).")
                : new Finding(FindingCodes.SizeMismatch, Severity.Warning, "S", element.Text, shape, evidence, 0.6,
                    $"The name says {element.Text} ({Shape(reference)} in this family) but the model is {shape}."));
            return;
        }

        // Without a reference table only the extremes are telling: "small" on tens of billions, "large" on a few million.
        if (facts.Parameters is not { } parameters)
        {
            return;
        }

        var rank = IndexOf(knowledge.SizeWordOrder, element.Value);
        var small = IndexOf(knowledge.SizeWordOrder, "small");
        var large = IndexOf(knowledge.SizeWordOrder, "large");
        if (rank >= 0 && ((rank <= small && parameters > 10_000_000_000) || (rank >= large && parameters < 30_000_000)))
        {
            findings.Add(new Finding(
                FindingCodes.SizeMismatch, Severity.Warning, "S", element.Text, ParameterText.Describe(parameters),
                context.EvidenceFor("parameters", "weights"), 0.5,
                $"\"{element.Text}\" is unusual for a model with {ParameterText.Describe(parameters)}."));
        }
    }

    private static bool IsDistilled(CheckContext context) =>
        context.ClaimedArchitectures.Any(c => c.Element.Text.StartsWith("distil", StringComparison.OrdinalIgnoreCase));

    /// <summary>A bare family name ("bloom") claims the model that made it famous (the 176B BLOOM).</summary>
    private static void CheckBareFlagshipName(CheckContext context, List<Finding> findings)
    {
        var name = context.Name;
        if (name.Elements.Any(e => e.Code is not (ElementCode.A or ElementCode.V)) || context.ClaimedArchitectures.Count != 1
            || context.ClaimedArchitectures[0].Info is not { Flagship: { } flagship } info
            || !info.Sizes.TryGetValue(flagship, out var reference) || Matches(reference, context.Facts)
            || (context.Facts.HiddenSize is null && context.Facts.Blocks is null))
        {
            return;
        }

        var facts = context.Facts;
        var actual = info.Sizes.FirstOrDefault(p => Matches(p.Value, facts)).Key;
        var element = context.ClaimedArchitectures[0].Element;
        findings.Add(new Finding(
            FindingCodes.SizeMismatch, Severity.Warning, "S", element.Text, actual is null ? Shape(facts) : $"{actual} ({Shape(facts)})",
            context.EvidenceFor("hidden_size", context.EvidenceFor("blocks", "config.json")), 0.6,
            $"\"{element.Text}\" alone names the {flagship} {info.Display}, but this model is {(actual is null ? Shape(facts) : $"{info.Display}-{actual}")}; say its size."));
    }

    private static void CheckLayersAndHeads(CheckContext context, List<Finding> findings)
    {
        var facts = context.Facts;
        foreach (var element in context.Name.Elements)
        {
            if (!long.TryParse(element.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var claimed))
            {
                continue;
            }

            if (element.Code == ElementCode.N && facts.Blocks is { } blocks && blocks != claimed && !IsLlamaGeneration(element, facts))
            {
                findings.Add(new Finding(
                    FindingCodes.SizeMismatch, Severity.Error, "N", element.Text, $"{blocks} layers", context.EvidenceFor("blocks", "config.json: num_hidden_layers"), 0.9,
                    $"The name says {element.Text} ({claimed} layers) but the model has {blocks}."));
            }

            // Google's BERT names write H-768 for the width and A-12 for heads, both read as H: either may match.
            if (element.Code == ElementCode.H && facts.Heads is { } heads && heads != claimed && facts.HiddenSize != claimed)
            {
                findings.Add(new Finding(
                    FindingCodes.SizeMismatch, Severity.Error, "H", element.Text, $"{heads} heads, width {facts.HiddenSize}", context.EvidenceFor("hidden_size", "config.json"), 0.85,
                    $"The name says {element.Text} but the model has {heads} attention heads and width {facts.HiddenSize}."));
            }
        }
    }

    /// <summary>
    /// L2, L3, L3.1 in a large language model's name (MythoMax-L2-13b, L3-8B-Stheno) say which Llama generation it was
    /// tuned from, not that it has two or three layers.
    /// </summary>
    private static bool IsLlamaGeneration(NamingElement element, Facts.ModelFacts facts) =>
        element.Text.Length == 2 && element.Text[0] is 'L' or 'l' && element.Text[1] is '2' or '3'
        && (facts.Parameters is > 500_000_000 || facts.Blocks is > 8);

    /// <summary>
    /// A reference shape matches when the width agrees and, for transformer tables (which give heads), the depth too.
    /// CNN tables give depth in layers (resnet-50) while configs count blocks, so only widths compare there.
    /// </summary>
    private static bool Matches(ReferenceSize reference, Facts.ModelFacts facts)
    {
        var widthKnown = facts.HiddenSize is not null && reference.Hidden > 0;
        var depthComparable = reference.Heads > 0 && reference.Layers > 0 && facts.Blocks is not null;
        if (!widthKnown && !depthComparable)
        {
            return true;
        }

        return (!widthKnown || facts.HiddenSize == reference.Hidden) && (!depthComparable || facts.Blocks == reference.Layers);
    }

    /// <summary>The model's depth and width as far as they are known: "32 layers × 4096", or "32 layers" from a weight map alone.</summary>
    private static string Shape(Facts.ModelFacts facts) => (facts.Blocks, facts.HiddenSize) switch
    {
        ({ } blocks, { } hidden) => string.Create(CultureInfo.InvariantCulture, $"{blocks} layers × {hidden}"),
        ({ } blocks, null) => string.Create(CultureInfo.InvariantCulture, $"{blocks} layers"),
        (null, { } hidden) => string.Create(CultureInfo.InvariantCulture, $"width {hidden}"),
        _ => "shape unknown",
    };

    private static string Shape(ReferenceSize size) => $"{size.Layers} layers × {size.Hidden}";

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
