using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Inspection;

namespace Dara.Cloud.Analysis.Facts;

/// <summary>
/// What the tensor names of a model without config.json say (a weights-only upload, an ONNX export, a weight map):
/// the model_type their common prefix stands for (<c>roberta.encoder.layer.0…</c>) and what it reads, the number of
/// blocks in the layer stack, the width and vocabulary of the token embedding, and the task its head serves
/// (<see cref="WeightHead"/>). A fact is given only when the names agree on it.
/// </summary>
public sealed record WeightNameFacts(
    string File,
    string? Prefix,
    IReadOnlyList<string> PrefixModelTypes,
    long? Blocks,
    long? HiddenSize,
    long? VocabSize)
{
    private static readonly Lazy<IReadOnlyDictionary<string, WeightPrefix>> _prefixes = new(LoadPrefixes);

    /// <summary>What the backbone reads, from its prefix; unknown without one.</summary>
    public Modality Modality { get; init; }

    /// <summary>The task the head's tensors serve, and the module that says so (<c>qa_outputs</c>); null without a telling head.</summary>
    public WeightHead? Head { get; init; }

    // Token embeddings as transformers, GPT-style and Llama-style code name them: [vocabulary, width].
    private static readonly string[] _tokenEmbeddingSuffixes =
        ["word_embeddings.weight", "embed_tokens.weight", "wte.weight", "tok_embeddings.weight", "embed_in.weight"];

    // Segments that hold a stack's blocks (layer.0, layers.0, h.0, block.0, blocks.0, blk.0).
    private static readonly HashSet<string> _stackSegments = new(StringComparer.Ordinal) { "layer", "layers", "h", "block", "blocks", "blk" };

    /// <summary>Model types and modality by the tensor-name prefix their classes write (Facts/Knowledge/weight-prefixes.json).</summary>
    public static IReadOnlyDictionary<string, WeightPrefix> Prefixes => _prefixes.Value;

    /// <summary>
    /// What the weights say: every safetensors shard read (a sharded model's head is in its last shard), else the first
    /// ONNX graph's initializers, else a weight map's names; null when the artifacts name no tensors.
    /// </summary>
    public static WeightNameFacts? From(ModelArtifacts artifacts)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        if (artifacts.Safetensors.Count > 0)
        {
            var file = artifacts.Safetensors.Count == 1 ? artifacts.Safetensors[0].File : $"{artifacts.Safetensors.Count} safetensors files";
            return From(file, artifacts.Safetensors.SelectMany(h => h.Tensors).Select(t => t.ToSpec()).ToList());
        }

        if (artifacts.Onnx.FirstOrDefault(g => g.Initializers.Count > 0) is { } graph)
        {
            return From(graph.File, graph.Initializers);
        }

        return artifacts.WeightMaps.FirstOrDefault(m => m.TensorToShard.Count > 0) is { } map
            ? From(map.File, map.TensorToShard.Keys.Select(name => new TensorSpec(name, string.Empty, [])).ToList())
            : null;
    }

    /// <summary>What <paramref name="tensors"/> (from <paramref name="file"/>; shapes empty when unknown) say.</summary>
    public static WeightNameFacts From(string file, IReadOnlyList<TensorSpec> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var prefix = CommonPrefix(tensors);
        var known = prefix is not null ? Prefixes.GetValueOrDefault(prefix) : null;
        var modality = known?.Modality ?? Modality.Unknown;
        var embedding = TokenEmbedding(tensors);
        var blocks = StackDepth(tensors);
        return new WeightNameFacts(
            file,
            known is null ? null : prefix,
            known?.ModelTypes ?? [],
            blocks,
            embedding?.Shape[1],
            embedding?.Shape[0])
        {
            Modality = modality,
            Head = WeightHead.Of(tensors, prefix, modality, oneStack: blocks is not null),
        };
    }

    /// <summary>
    /// The first name segment at least half the dotted names share (a head's few tensors sit outside it). Names without a
    /// dot are not module paths: an ONNX export names the weights it transposed <c>onnx::MatMul_1234</c>.
    /// </summary>
    private static string? CommonPrefix(IReadOnlyList<TensorSpec> tensors)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var dotted = 0;
        foreach (var tensor in tensors)
        {
            var dot = tensor.Name.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0)
            {
                var segment = tensor.Name[..dot];
                counts[segment] = counts.GetValueOrDefault(segment) + 1;
                dotted++;
            }
        }

        return counts.Count > 0 && counts.MaxBy(c => c.Value) is var (common, count) && count * 2 >= dotted ? common : null;
    }

    private static TensorSpec? TokenEmbedding(IReadOnlyList<TensorSpec> tensors)
    {
        var embeddings = tensors
            .Where(t => t.Shape.Count == 2 && t.Shape[0] > 0 && t.Shape[1] > 0 && _tokenEmbeddingSuffixes.Any(s => t.Name.EndsWith(s, StringComparison.Ordinal)))
            .ToList();

        // A vision-language model has one per tower; which one the name's size is about is not for the weights to say.
        return embeddings.Select(t => (t.Shape[0], t.Shape[1])).Distinct().Count() == 1 ? embeddings[0] : null;
    }

    /// <summary>
    /// Blocks in the layer stack: the distinct indices after <c>layer.</c>, <c>layers.</c>, <c>h.</c>, <c>block.</c>…
    /// An encoder-decoder's two stacks of one depth count once; stacks of different depths (a language model and its
    /// vision tower) or blocks grouped in stages (Swin's <c>layers.0.blocks.1</c>) give no count. T5's blocks hold
    /// their attention and feed-forward as <c>block.0.layer.0</c>, <c>layer.1</c>: sublayers, not a stack of stages.
    /// </summary>
    private static long? StackDepth(IReadOnlyList<TensorSpec> tensors)
    {
        var stacks = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            var segments = tensor.Name.Split('.');
            for (var i = 1; i < segments.Length - 1; i++)
            {
                if (_stackSegments.Contains(segments[i - 1]) && int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    var stack = string.Join('.', segments[..i]);
                    if (!stacks.TryGetValue(stack, out var indices))
                    {
                        stacks[stack] = indices = [];
                    }

                    indices.Add(index);
                }
            }
        }

        bool IsInside(string inner) => stacks.Keys.Any(outer => inner.Length > outer.Length && inner.StartsWith(outer + ".", StringComparison.Ordinal));
        var inner = stacks.Keys.Where(IsInside).ToList();
        if (inner.Any(stack => !stack.EndsWith(".layer", StringComparison.Ordinal)))
        {
            return null;
        }

        var depths = stacks.Where(stack => !IsInside(stack.Key)).Select(stack => stack.Value.Count).Distinct().ToList();
        return depths.Count == 1 ? depths[0] : null;
    }

    private static IReadOnlyDictionary<string, WeightPrefix> LoadPrefixes()
    {
        using var stream = typeof(WeightNameFacts).Assembly.GetManifestResourceStream("Dara.Cloud.Analysis.Facts.Knowledge.weight-prefixes.json")
            ?? throw new InvalidOperationException("weight-prefixes.json is not embedded in the engine assembly.");
        var file = JsonSerializer.Deserialize(stream, WeightPrefixesJsonContext.Default.WeightPrefixesFile)
            ?? throw new InvalidOperationException("weight-prefixes.json is empty.");
        return new Dictionary<string, WeightPrefix>(file.Prefixes, StringComparer.Ordinal);
    }
}

/// <summary>One prefix of Facts/Knowledge/weight-prefixes.json: the model types whose classes write it, and what they read.</summary>
public sealed record WeightPrefix(string[] ModelTypes, Modality Modality);

/// <summary>The shape of Facts/Knowledge/weight-prefixes.json.</summary>
internal sealed record WeightPrefixesFile(string Description, Dictionary<string, WeightPrefix> Prefixes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(WeightPrefixesFile))]
internal sealed partial class WeightPrefixesJsonContext : JsonSerializerContext;
