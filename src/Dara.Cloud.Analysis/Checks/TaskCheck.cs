using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// <c>task-mismatch</c>: the task a name states (or its dataset implies: squad → question-answering) against the task
/// the head class implies and the card's pipeline_tag; and a base model's name on a model with a task head
/// (<c>pythia-410m</c> holding a sequence classifier).
/// </summary>
public sealed class TaskCheck(CheckKnowledge knowledge) : INameCheck
{
    public IEnumerable<Finding> Run(CheckContext context, ICollection<string> skipped)
    {
        var facts = context.Facts;
        // Application goals (medical, news-classification) are not pipeline tasks and cannot contradict a head.
        var claims = context.Name.Elements
            .Where(e => e.Code is ElementCode.T or ElementCode.D)
            .Select(e => (Element: e, Task: context.Vocabulary.TaskOf(e)))
            .Where(c => c.Task is not null && (context.Vocabulary.PipelineTasks.Contains(c.Task) || knowledge.GenericTasks.ContainsKey(c.Task)))
            .ToList();
        var implied = facts.ImpliedTask;
        if (implied is null && facts.CardPipelineTag is null)
        {
            if (claims.Count > 0)
            {
                skipped.Add($"{FindingCodes.TaskMismatch}: no head class or pipeline_tag to compare the name's task with");
            }

            yield break;
        }

        if (claims.Count == 0)
        {
            if (LooksLikeBaseModelName(context) && implied is not null && knowledge.FineTunedTextTasks.Contains(implied)
                && !context.Name.Has(ElementCode.T) && facts.Modality is Modality.Text or Modality.Unknown)
            {
                yield return new Finding(
                    FindingCodes.TaskMismatch, Severity.Warning, "T", null, $"{Head(facts)} ({implied})",
                    context.EvidenceFor("architectures", "config.json: architectures"), 0.7,
                    $"The name is a base model's name, but the model has a {implied} head ({Head(facts)}).");
            }

            yield break;
        }

        if (implied is not null && !HeadIsBackbone(facts) && !claims.Any(c => Compatible(c.Task!, implied) || DatasetTextForAGenerator(c.Element, implied)))
        {
            var (element, task) = claims[0];
            yield return new Finding(
                FindingCodes.TaskMismatch, Severity.Error, element.Code.ToString(), element.Text, $"{Head(facts)} ({implied})",
                context.EvidenceFor("architectures", "config.json: architectures"), 0.85,
                $"The name says {task} but the head is {Head(facts)}, a {implied} model.");
        }
        else if (facts.CardPipelineTag is { } tag && !claims.Any(c => Compatible(c.Task!, tag)))
        {
            var (element, task) = claims[0];
            yield return new Finding(
                FindingCodes.TaskMismatch, Severity.Warning, element.Code.ToString(), element.Text, $"pipeline_tag {tag}",
                context.EvidenceFor("pipeline_tag", "README.md: pipeline_tag"), 0.6,
                $"The name says {task} but the model card's pipeline_tag is {tag}.");
        }
    }

    private bool Compatible(string claimed, string observed)
    {
        if (claimed == observed)
        {
            return true;
        }

        // "classifier", "detector", "lm" name a kind of task: any of its pipelines agrees.
        if (knowledge.GenericTasks.TryGetValue(claimed, out var kinds))
        {
            return kinds.Contains(observed);
        }

        if (knowledge.GenerativeTasks.Contains(claimed) && knowledge.GenerativeTasks.Contains(observed))
        {
            return true;
        }

        // Embeddings: a bare encoder serves feature extraction and sentence similarity alike.
        string[] embedding = ["feature-extraction", "sentence-similarity", "fill-mask"];
        if (embedding.Contains(claimed) && embedding.Contains(observed))
        {
            return true;
        }

        // Embedders and rerankers built on a decoder LLM keep its causal-LM class (Qwen3-Embedding reads the last
        // token's state, Qwen3-Reranker the logits of "yes" and "no"); a cross-encoder or an STS-B regressor scores a
        // pair with a sequence-classification head.
        string[] similarity = ["feature-extraction", "sentence-similarity", "text-ranking"];
        if (similarity.Contains(claimed) && (observed == "text-generation" || (observed == "text-classification" && claimed != "feature-extraction")))
        {
            return true;
        }

        // Audio language models (Qwen2-Audio) generate text from speech: their instruct and chat names claim text generation.
        if (claimed == "text-generation" && observed == "automatic-speech-recognition")
        {
            return true;
        }

        // A text classifier can be used zero-shot (NLI heads) and vice versa, and so can an image classifier (CLIP);
        // speech synthesis is text-to-audio.
        return (claimed, observed) is ("zero-shot-classification", "text-classification") or ("text-classification", "zero-shot-classification")
            or ("image-classification", "zero-shot-image-classification") or ("zero-shot-image-classification", "image-classification")
            or ("text-to-speech", "text-to-audio") or ("text-to-audio", "text-to-speech");
    }

    /// <summary>
    /// A generator fine-tuned on a dataset learns its text, not necessarily its task's head: gpt2-imdb writes movie
    /// reviews and T5_Paraphrase_Paws rewrites PAWS sentences. Only a task word contradicts a generative head.
    /// </summary>
    private static bool DatasetTextForAGenerator(NamingElement element, string implied) =>
        element.Code == ElementCode.D && implied is "text-generation" or "text2text-generation";

    /// <summary>A bare backbone may have had its head dropped on export; the name's task is then not contradicted.</summary>
    /// <summary>The head as findings name it: its class, or without a config the module its tensors belong to.</summary>
    private static string? Head(ModelFacts facts) => facts.HeadClass ?? facts.HeadModule;

    private static bool HeadIsBackbone(ModelFacts facts) => HeadClassTasks.IsBackbone(facts.HeadClass) || facts.ImpliedTask is "feature-extraction";

    /// <summary>
    /// Only architecture, size, parameters, version, case and language: how base checkpoints are named; unless the
    /// architecture exists for one task, which its name then states (bge-reranker-large ranks, opus-mt translates).
    /// </summary>
    private static bool LooksLikeBaseModelName(CheckContext context) =>
        context.Name.Has(ElementCode.A)
        && context.Name.Elements.All(e => e.Code is ElementCode.A or ElementCode.S or ElementCode.P or ElementCode.V or ElementCode.C or ElementCode.L or ElementCode.N or ElementCode.H)
        && !context.ClaimedArchitectures.Any(c => c.Info?.Task is not null);
}
