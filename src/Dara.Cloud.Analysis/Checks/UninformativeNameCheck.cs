using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// <c>uninformative-name</c>: a name that says neither what the model is (architecture) nor what it is for (task,
/// application or a dataset that implies one): <c>test-model</c>, <c>autotrain-deephate2-1093539673</c>. Generated
/// and placeholder names are uninformative whatever words they hold (<see cref="NameShape"/>): the PTM-Naming study
/// counts <c>autotrain-roberta-base-imdb-1275248775</c> and <c>my_awesome_qa_model</c> so, and its readers do too.
/// </summary>
public sealed class UninformativeNameCheck(CheckKnowledge knowledge) : INameCheck
{
    public IEnumerable<Finding> Run(CheckContext context, ICollection<string> skipped)
    {
        if (ReasonOf(context.Name, context.Vocabulary, knowledge) is not { } reason
            || (reason == UninformativeReason.NeitherArchitectureNorTask && context.AWordOpensWithItsArchitecture))
        {
            yield break;
        }

        var observed = context.Facts.ModelType is { } type
            ? $"{type}{(context.Facts.ImpliedTask is { } task ? $", {task}" : string.Empty)}"
            : null;
        yield return new Finding(
            FindingCodes.UninformativeName, Severity.Warning, null, context.Name.Name, observed, context.EvidenceFor("model_type", "the name alone"), 0.8,
            MessageOf(reason));
    }

    /// <summary>Why <paramref name="name"/> is uninformative, or null when it says what the model is or does.</summary>
    public static UninformativeReason? ReasonOf(ParsedName name, NamingVocabulary vocabulary, CheckKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(knowledge);
        if (NameShape.IsGenerated(name.Name, knowledge))
        {
            return UninformativeReason.Generated;
        }

        if (NameShape.IsPlaceholder(name.Name, knowledge))
        {
            return UninformativeReason.Placeholder;
        }

        var saysWhat = name.Has(ElementCode.A);
        var saysWhatFor = name.Has(ElementCode.T) || name.Elements.Any(e => e.Code == ElementCode.D && vocabulary.TaskOf(e) is not null);
        return saysWhat || saysWhatFor ? null : UninformativeReason.NeitherArchitectureNorTask;
    }

    private static string MessageOf(UninformativeReason reason) => reason switch
    {
        UninformativeReason.Generated => "The name is the one a training service generated (autotrain-…, autonlp-…): it does not say what the model is or does.",
        UninformativeReason.Placeholder => "The name is a placeholder (test, demo, my_model): it does not say what the model is or does.",
        _ => "The name says neither the architecture nor the task.",
    };
}
