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
        var name = context.Name;
        var message = Problem(context);
        if (message is null)
        {
            yield break;
        }

        var observed = context.Facts.ModelType is { } type
            ? $"{type}{(context.Facts.ImpliedTask is { } task ? $", {task}" : string.Empty)}"
            : null;
        yield return new Finding(
            FindingCodes.UninformativeName, Severity.Warning, null, name.Name, observed, context.EvidenceFor("model_type", "the name alone"), 0.8, message);
    }

    private string? Problem(CheckContext context)
    {
        var name = context.Name;
        if (NameShape.IsGenerated(name.Name, knowledge))
        {
            return "The name is the one a training service generated (autotrain-…, autonlp-…): it does not say what the model is or does.";
        }

        if (NameShape.IsPlaceholder(name.Name, knowledge))
        {
            return "The name is a placeholder (test, demo, my_model): it does not say what the model is or does.";
        }

        var saysWhat = name.Has(ElementCode.A);
        var saysWhatFor = name.Has(ElementCode.T) || name.Elements.Any(e => e.Code == ElementCode.D && context.Vocabulary.TaskOf(e) is not null);
        return saysWhat || saysWhatFor ? null : "The name says neither the architecture nor the task.";
    }
}
