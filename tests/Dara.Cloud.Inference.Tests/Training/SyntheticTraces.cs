using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Tests.Training;

/// <summary>
/// Small labelled traces built in code: three model types with the operations that tell them apart in real traces
/// (BERT's layernorm/gelu, T5's RMS norm, wav2vec2's conv feature encoder), varied by a seeded random generator.
/// </summary>
internal static class SyntheticTraces
{
    private static readonly (string ModelType, string Arch, string Task, string[] Body)[] Kinds =
    [
        ("bert", "BertForSequenceClassification", "text-classification", ["embedding", "add", "layernorm", "dropout", "linear", "view", "permute", "matmul", "softmax", "linear", "geluactivation", "linear", "add", "layernorm"]),
        ("bert", "BertForMaskedLM", "fill-mask", ["embedding", "add", "layernorm", "linear4bit", "view", "transpose", "matmul", "div", "softmax", "linear4bit", "geluactivation", "linear4bit", "add", "layernorm"]),
        ("t5", "T5ForConditionalGeneration", "text2text-generation", ["embedding", "t5layernorm", "linear", "view", "transpose", "matmul", "softmax", "linear", "relu", "linear", "add", "t5layernorm"]),
        ("wav2vec2", "Wav2Vec2ForCTC", "automatic-speech-recognition", ["conv1d", "groupnorm", "geluactivation", "conv1d", "geluactivation", "layernorm", "linear", "dropout", "conv1d", "add", "layernorm", "linear"]),
    ];

    public static IReadOnlyList<LabelledTrace> Make(int rowsPerKind, int seed)
    {
        var random = new Random(seed);
        var rows = new List<LabelledTrace>();
        for (var i = 0; i < rowsPerKind; i++)
        {
            foreach (var (modelType, arch, task, body) in Kinds)
            {
                var tokens = new List<string> { "input" };
                var blocks = random.Next(1, 5);
                for (var b = 0; b < blocks; b++)
                {
                    // Drop one operation now and then, as the PeaTMOSS traces skip parts of blocks.
                    var skip = random.Next(body.Length + 4);
                    tokens.AddRange(body.Where((_, k) => k != skip));
                }

                tokens.Add("output");
                rows.Add(new LabelledTrace($"{modelType}-{rows.Count}", LayerTrace.FromText(string.Join(' ', tokens)), modelType, arch, task, TraceSource.Peatmoss));
            }
        }

        return rows;
    }
}
