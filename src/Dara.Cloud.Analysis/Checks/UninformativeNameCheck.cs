using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// <c>uninformative-name</c>: a name that says neither what the model is (architecture) nor what it is for (task,
/// application or a dataset that implies one): <c>test-model</c>, <c>autotrain-deephate2-1093539673</c>.
/// </summary>
public sealed class UninformativeNameCheck : INameCheck
{
    public IEnumerable<Finding> Run(CheckContext context, ICollection<string> skipped)
    {
        var name = context.Name;
        var saysWhat = name.Has(ElementCode.A);
        var saysWhatFor = name.Has(ElementCode.T) || name.Elements.Any(e => e.Code == ElementCode.D && context.Vocabulary.TaskOf(e) is not null);
        if (saysWhat || saysWhatFor)
        {
            yield break;
        }

        var observed = context.Facts.ModelType is { } type
            ? $"{type}{(context.Facts.ImpliedTask is { } task ? $", {task}" : string.Empty)}"
            : null;
        yield return new Finding(
            FindingCodes.UninformativeName, Severity.Warning, null, name.Name, observed, context.EvidenceFor("model_type", "the name alone"), 0.8,
            "The name says neither the architecture nor the task.");
    }
}
