using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;

namespace Dara.Cloud.Portal.Components.Tests;

/// <summary>Small data the tests build in code: findings, facts and model summaries like the engine's and the grains'.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static Finding SizeMismatch { get; } = new(
        FindingCodes.SizeMismatch, Severity.Error, "P", "7b", "1.1B parameters", "model.safetensors: header", 0.95,
        "The name says 7B parameters but the weights hold 1.1B.");

    public static Finding ArchitectureMismatch { get; } = new(
        FindingCodes.ArchitectureMismatch, Severity.Error, "A", "llama", "mistral", "config.json: model_type", 0.9,
        "The name says llama but config.json says mistral.");

    public static Finding TaskMismatch { get; } = new(
        FindingCodes.TaskMismatch, Severity.Warning, "T", "sentiment", "token-classification", "config.json: architectures", 0.6,
        "The name says sentiment but the head is a token classifier.");

    public static Finding Convention { get; } = new(
        FindingCodes.Convention, Severity.Info, null, null, "lower case", "policy: lowercase", 1.0,
        "The organization's policy asks for lower-case names.");

    /// <summary>A BERT-base sequence classifier, as config.json and a safetensors header would establish it.</summary>
    public static ModelFacts BertClassifier { get; } = new()
    {
        ModelType = "bert",
        Architectures = ["BertForSequenceClassification"],
        HeadClass = "BertForSequenceClassification",
        ImpliedTask = "text-classification",
        Modality = Modality.Text,
        Parameters = 109_483_778,
        ParameterSource = "safetensors",
        Precision = "F32",
        ConfigDType = "float32",
        Formats = ["safetensors"],
        Blocks = 12,
        HiddenSize = 768,
        Heads = 12,
        IntermediateSize = 3072,
        VocabSize = 30522,
        MaxPositions = 512,
        Labels = ["NEGATIVE", "POSITIVE"],
        Evidence = new Dictionary<string, string>
        {
            ["model_type"] = "config.json: model_type",
            ["architectures"] = "config.json: architectures",
            ["parameters"] = "model.safetensors: header",
            ["blocks"] = "config.json: num_hidden_layers",
            ["hidden_size"] = "config.json: hidden_size",
            ["dtype"] = "config.json: torch_dtype",
        },
    };

    public static ModelSummary Summary(string owner, string name, string verdict = "ok", int score = 100, params string[] findings) =>
        new(owner, name, verdict, score, findings, $"{owner}/{name}", "bert", 110_000_000, Now, "upload", "open", null);
}
