using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// <c>architecture-mismatch</c>: the architecture a name states against the config's model_type (or the GGUF
/// architecture), family-aware so that twins (camembert/roberta, hubert/wav2vec2) agree while a distinct model
/// (distilbert named bert, bart named gpt2) does not. <c>legacy-model-type</c> notes historic model_type names
/// (RefinedWeb for falcon), which are the same architecture and not a naming problem. A declared model_type always
/// decides, and so, without one, does the backbone prefix of the tensor names (<see cref="WeightNameFacts"/>); only when
/// neither says anything does the learned classifier speak (<see cref="PredictedArchitectureRule"/>).
/// </summary>
public sealed class ArchitectureCheck(CheckKnowledge knowledge) : INameCheck
{
    public IEnumerable<Finding> Run(CheckContext context, ICollection<string> skipped)
    {
        var claimed = context.ClaimedArchitectures;
        var observed = context.Facts.ModelType;
        // A pipeline's name (stable-diffusion) covers its components (CLIP text encoders, safety checkers).
        if (claimed.Count == 0 || claimed.Any(c => c.Info is not null && knowledge.PipelineModelTypes.Contains(c.Info.ModelType)))
        {
            yield break;
        }

        if (observed is null)
        {
            // No declared model_type: the learned classifier, where there is one, is the evidence left.
            if (context.Prediction is null)
            {
                skipped.Add($"{FindingCodes.ArchitectureMismatch}: the artifacts name no model_type (no config.json or GGUF header)");
                yield break;
            }

            foreach (var finding in PredictedArchitectureRule.Judge(context, claimed, skipped))
            {
                yield return finding;
            }

            yield break;
        }

        var evidence = context.EvidenceFor("model_type", "config.json: model_type");
        var observedTypes = ObservedModelTypes(context, observed);
        if (knowledge.LegacyModelTypes.TryGetValue(observed, out var current))
        {
            yield return new Finding(
                FindingCodes.LegacyModelType, Severity.Info, "A", claimed[0].Element.Text, observed, evidence, 1.0,
                $"model_type \"{observed}\" is the historic name of {current}; the name's architecture is read as {current}.");
        }

        var observedFamilies = observedTypes.Select(context.Vocabulary.FamilyOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var newerThanTheVocabulary = context.Vocabulary.FindArchitecture(observed) is null;
        if (claimed.Any(c => Agrees(c.Element, c.Info, observedTypes, observedFamilies)
            || (newerThanTheVocabulary && Extends(observed, c.Element, c.Info))))
        {
            yield break;
        }

        // Only architectures the vocabulary knows can contradict; an unknown brand word says nothing checkable, nor
        // does a word that also means something else (distil-large-v3 is a distilled Whisper).
        var known = claimed.Where(c => c.Info is not null && !knowledge.AmbiguousArchitectureWords.Contains(c.Element.Text)).ToList();
        if (known.Count > 0 && known.All(c => knowledge.RecipeNames.Contains(c.Element.Text)) && IsCausalLanguageModel(context.Facts))
        {
            // A recipe's name on another base (Zephyr on a Llama) says how the model was tuned, not what it is built on;
            // the convention check notes that the name hides the base.
            yield break;
        }

        if (known.Count == 0)
        {
            yield break;
        }

        var (element, info) = known[0];
        var observedName = context.Vocabulary.FindArchitecture(observed)?.Display ?? observed;
        var head = context.Facts.HeadClass is { } h ? $" ({h})" : string.Empty;

        // An architecture found inside a longer word (LiverGPT, envit5) is a weaker claim than the word itself, and none
        // at all when the name also spells the model's own type (envit5 is an English-Vietnamese T5, not a ViT).
        var inferred = context.Vocabulary.FindArchitecture(element.Text) is null;
        if (inferred && Stem(context.Name.Name).Contains(Stem(observed), StringComparison.Ordinal) && Stem(observed).Length >= 2)
        {
            yield break;
        }

        yield return new Finding(
            FindingCodes.ArchitectureMismatch, inferred ? Severity.Warning : Severity.Error, "A", element.Text, observed + head, evidence,
            inferred ? 0.5 : context.Facts.ParameterSource == "gguf" ? 0.75 : context.Facts.ModelTypeAlternatives.Count > 0 ? 0.8 : 0.9,
            $"The name says {info!.Display}{(inferred ? $" (in \"{element.Text}\")" : string.Empty)} but the model is {observedName}{head}.");
    }

    /// <summary>
    /// The model types the artifacts allow: the config's, every model that writes the tensor-name prefix it was read from,
    /// or every family a GGUF architecture stands for.
    /// </summary>
    private List<string> ObservedModelTypes(CheckContext context, string observed)
    {
        var types = new List<string> { observed };
        types.AddRange(context.Facts.ModelTypeAlternatives);
        types.AddRange(context.Facts.ComponentModelTypes);
        if (knowledge.LegacyModelTypes.TryGetValue(observed, out var current))
        {
            types.Add(current);
        }

        if (context.Facts.ParameterSource == "gguf" && context.Facts.GgufArchitecture is { } arch
            && knowledge.GgufArchitectures.TryGetValue(arch, out var written))
        {
            types.AddRange(written);
        }

        return types;
    }

    private static bool Agrees(NamingElement element, ArchitectureInfo? info, List<string> observedTypes, HashSet<string> observedFamilies)
    {
        if (observedTypes.Any(t => Same(t, element.Value)))
        {
            return true;
        }

        return info is not null && (observedTypes.Any(t => Same(t, info.ModelType)) || observedFamilies.Contains(info.Family));
    }

    /// <summary>
    /// Whether a model_type the vocabulary does not know yet extends the name's architecture (qwen3_next for Qwen3,
    /// olmo3 for OLMo, llama5 for Llama): a later model of the same line, which only an unknown type can be.
    /// </summary>
    private static bool Extends(string observed, NamingElement element, ArchitectureInfo? info)
    {
        // Only an identifier (qwen3_next, nemotron-nas) can be a later release; "bert\u001b[2J" is no kin of bert.
        if (!observed.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return false;
        }

        var observedStem = Stem(observed);
        return new[] { element.Text, element.Value, info?.ModelType }
            .Select(Stem)
            .Any(stem => stem.Length >= 3 && observedStem.StartsWith(stem, StringComparison.Ordinal));
    }

    private static string Stem(string? text) =>
        string.Concat((text ?? string.Empty).Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant();

    private static bool Same(string a, string b) =>
        string.Equals(a.Replace('-', '_'), b.Replace('-', '_'), StringComparison.OrdinalIgnoreCase);

    /// <summary>A decoder language model: what a fine-tuning recipe's name promises.</summary>
    internal static bool IsCausalLanguageModel(ModelFacts facts) =>
        facts.HeadClass?.EndsWith("ForCausalLM", StringComparison.Ordinal) == true || facts.ImpliedTask == "text-generation";
}
