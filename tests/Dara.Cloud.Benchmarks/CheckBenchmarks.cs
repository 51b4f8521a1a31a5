using BenchmarkDotNet.Attributes;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Benchmarks;

/// <summary>
/// Checking names against metadata already read (what a grain does when a name or policy changes): parse the name,
/// run every check, score, suggest. Target ≥ 5,000 models/s on one core. Also the parser alone (≥ 200,000 names/s).
/// </summary>
[MemoryDiagnoser]
public class CheckBenchmarks
{
    private readonly NameChecker _checker = NameChecker.Default;
    private readonly (string Name, ModelFacts Facts)[] _models =
    [
        ("google-bert/bert-base-uncased", Facts("bert", "BertForMaskedLM", 110_000_000, 12, 768)),
        ("acme/bert-base-sentiment", Facts("distilbert", "DistilBertForSequenceClassification", 66_000_000, 6, 768)),
        ("meta-llama/Llama-2-7b-hf", Facts("llama", "LlamaForCausalLM", 6_738_415_616, 32, 4096)),
        ("someone/opt-6.7b-erebus", Facts("opt", "OPTForCausalLM", 12_850_000_000, 40, 5120)),
        ("EleutherAI/pythia-410m", Facts("gpt_neox", "GPTNeoXForSequenceClassification", 405_000_000, 24, 1024)),
        ("intfloat/e5-small", Facts("xlm-roberta", "XLMRobertaModel", 560_000_000, 24, 1024)),
        ("TheBloke/Llama-2-13B-GPTQ", Facts("llama", "LlamaForCausalLM", 13_000_000_000, 40, 5120) with { Quantization = "gptq-4bit" }),
        ("SaulLu/test-model", Facts("bert", "BertForSequenceClassification", 4_000_000, 2, 64)),
    ];

    private static ModelFacts Facts(string type, string head, long parameters, long layers, long hidden) => new()
    {
        ModelType = type,
        Architectures = [head],
        HeadClass = head,
        ImpliedTask = HeadClassTasks.TaskFor(head, Modality.Text, type),
        Modality = Modality.Text,
        Parameters = parameters,
        ParameterSource = "safetensors",
        Blocks = layers,
        HiddenSize = hidden,
        CardLanguages = ["en"],
    };

    /// <summary>Eight models per call: divide the mean by 8 for one model.</summary>
    [Benchmark(OperationsPerInvoke = 8)]
    public int CheckEightModels()
    {
        var total = 0;
        foreach (var (name, facts) in _models)
        {
            total += _checker.Check(name, facts).Score;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 8)]
    public int ParseEightNames()
    {
        var total = 0;
        foreach (var (name, _) in _models)
        {
            total += NameParser.Default.Parse(name).Elements.Count;
        }

        return total;
    }
}
