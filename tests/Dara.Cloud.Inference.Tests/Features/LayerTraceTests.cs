using Dara.Cloud.Analysis.Fingerprinting;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Formats.Onnx;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Tests.Features;

public sealed class LayerTraceTests
{
    [Fact]
    public void Trace_text_is_split_on_white_space_and_lower_cased()
    {
        var trace = LayerTrace.FromText("input  to\tEmbedding\nLayerNorm linear4bit output");

        Assert.Equal(["input", "to", "embedding", "layernorm", "linear4bit", "output"], trace.Tokens);
        Assert.Equal(TraceOrigin.Trace, trace.Origin);
        Assert.Empty(trace.ParameterKeys);
        Assert.Null(trace.Blocks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Empty_trace_is_refused(string layers)
    {
        var error = Assert.Throws<ClassifierInputException>(() => LayerTrace.FromText(layers));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_with_more_operations_than_the_limit_is_refused()
    {
        var layers = string.Join(' ', Enumerable.Repeat("add", LayerTrace.MaxTokens + 1));

        var error = Assert.Throws<ClassifierInputException>(() => LayerTrace.FromText(layers));

        Assert.Contains("more than 262,144 operations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_over_the_character_limit_is_refused_before_it_is_split()
    {
        var layers = new string('a', LayerTrace.MaxTextLength + 1);

        var error = Assert.Throws<ClassifierInputException>(() => LayerTrace.FromText(layers));

        Assert.Contains("characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("input lin\u0001ear output", 2)]
    [InlineData("input <script> output", 2)]
    [InlineData("input add 線形 output", 3)]
    public void Token_that_is_no_operation_name_is_refused_naming_its_position(string layers, int position)
    {
        var error = Assert.Throws<ClassifierInputException>(() => LayerTrace.FromText(layers));

        Assert.Contains($"Operation {position} ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_operation_name_is_refused()
    {
        var error = Assert.Throws<ClassifierInputException>(() => LayerTrace.FromText("input " + new string('x', LayerTrace.MaxTokenLength + 1)));

        Assert.Contains("at most 128 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weight_layers_become_the_trace_names_of_their_modules()
    {
        var architecture = WeightArchitecture.FromTensors(
            [
                new("bert.embeddings.word_embeddings.weight", "F32", [100, 64]),
                new("bert.embeddings.LayerNorm.weight", "F32", [64]),
                new("bert.embeddings.LayerNorm.bias", "F32", [64]),
                new("bert.encoder.layer.0.attention.self.query.weight", "F32", [64, 64]),
                new("bert.encoder.layer.1.attention.self.query.weight", "F32", [64, 64]),
            ],
            "safetensors");

        var trace = LayerTrace.FromArchitecture(architecture);

        Assert.Equal(TraceOrigin.Weights, trace.Origin);
        Assert.Equal(["input", "embedding", "layernorm", "linear", "linear", "output"], trace.Tokens);
        Assert.Equal(2, trace.PathWords["query"]);
        Assert.Equal(4, trace.PathWords["bert"]);
        Assert.Contains("Linear ['<in_features, 64>', '<out_features, 64>']", trace.ParameterKeys.Keys);
        Assert.Equal(2, trace.Blocks);
    }

    [Fact]
    public void Onnx_ops_become_the_torch_operations_they_were_exported_from()
    {
        var graph = new OnnxGraph(
            "model.onnx",
            8,
            "pytorch",
            "2.1",
            new Dictionary<string, long> { ["ai.onnx"] = 17 },
            [
                Node("Gather", ["embed.weight", "ids"], ["h"], "/embeddings/word_embeddings/Gather"),
                Node("LayerNormalization", ["h"], ["n"], "/embeddings/LayerNorm"),
                Node("MatMul", ["n", "n"], ["scores"], "/attention/MatMul"),
                Node("MatMul", ["scores", "fc.weight"], ["logits"], "/classifier/MatMul"),
            ],
            [new TensorSpec("embed.weight", "F32", [100, 64]), new TensorSpec("fc.weight", "F32", [64, 2])],
            [new OnnxValue("ids", "INT64", ["batch", "seq"])],
            [new OnnxValue("logits", "FLOAT", ["batch", "2"])],
            new Dictionary<string, string>());

        var trace = LayerTrace.FromArchitecture(OnnxArchitecture.From(graph));

        Assert.Equal(TraceOrigin.Onnx, trace.Origin);
        Assert.Equal(["input", "embedding", "layernorm", "matmul", "linear", "output"], trace.Tokens);
        Assert.Equal(1, trace.PathWords["word_embeddings"]);
        Assert.Equal(1, trace.PathWords["classifier"]);
    }

    [Fact]
    public void Fingerprint_without_architecture_has_no_trace()
    {
        var empty = new Dictionary<string, int>();
        var fingerprint = new ArchitectureFingerprint(null, new DaraVectors(empty, empty, empty), "hash", "config");

        Assert.Null(LayerTrace.FromFingerprint(fingerprint));
    }

    private static OnnxNode Node(string op, string[] inputs, string[] outputs, string name) =>
        new(name, op, "", inputs, outputs, [], "");
}
