using System.Text.Json;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;

namespace Dara.Cloud.Inference.Export;

/// <summary>One exported head: its output name, ML.NET's ONNX graph for it and its classes in slot order.</summary>
internal sealed record OnnxHead(string Name, ModelProto Model, IReadOnlyList<string> Classes);

/// <summary>
/// Joins the heads ML.NET exported one by one into a single ONNX model, so one <c>InferenceSession</c> scores all
/// three labels in one run: the heads share the input <c>features</c> [batch, width]; each keeps only the nodes that
/// compute its probabilities (ML.NET also exports passthrough and predicted-label outputs), its names prefixed with
/// the head's name; its probabilities become the output named after the head. The classes of each head are written
/// into the model's metadata, so the file says what its outputs mean.
/// </summary>
internal static class OnnxHeadMerger
{
    public const string FeaturesInput = "features";
    public const string MetadataPrefix = "dara.classes.";

    public static ModelProto Merge(IReadOnlyList<OnnxHead> heads, int width)
    {
        var graph = new GraphProto { Name = "dara-classifier" };
        var model = new ModelProto
        {
            ProducerName = "Dara.Cloud.Inference",
            ProducerVersion = "1",
            DocString = "DARA classifier: model_type, arch and task probabilities from hashed layer-trace features.",
            Graph = graph,
        };

        graph.Input.Add(FloatBatch(FeaturesInput, width));
        var opsets = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var head in heads)
        {
            AddHead(graph, head);
            model.IrVersion = Math.Max(model.IrVersion, head.Model.IrVersion);
            foreach (var opset in head.Model.OpsetImport)
            {
                opsets[opset.Domain] = Math.Max(opsets.GetValueOrDefault(opset.Domain), opset.Version);
            }

            model.MetadataProps.Add(new StringStringEntryProto { Key = MetadataPrefix + head.Name, Value = JsonSerializer.Serialize(head.Classes.ToArray()) });
        }

        foreach (var (domain, version) in opsets)
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        }

        model.MetadataProps.Add(new StringStringEntryProto { Key = "dara.width", Value = width.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return model;
    }

    private static void AddHead(GraphProto merged, OnnxHead head)
    {
        var source = head.Model.Graph;
        var initializers = source.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var input = source.Input.Where(i => !initializers.Contains(i.Name)).ToList() is [var single]
            ? single.Name
            : throw new InvalidOperationException($"The exported {head.Name} head must have exactly one input (the features).");
        var score = source.Output.FirstOrDefault(o => o.Name.StartsWith("Score", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The exported {head.Name} head has no Score output.");

        string Rename(string name) =>
            name.Length == 0 ? name
            : name == input ? FeaturesInput
            : name == score.Name ? head.Name
            : $"{head.Name}/{name}";

        // Walk back from the probabilities: only nodes they depend on are kept.
        var needed = new HashSet<string>(StringComparer.Ordinal) { score.Name };
        var kept = new List<NodeProto>();
        for (var i = source.Node.Count - 1; i >= 0; i--)
        {
            var node = source.Node[i];
            if (node.Output.Any(needed.Contains))
            {
                kept.Add(node);
                needed.UnionWith(node.Input.Where(n => n.Length > 0));
            }
        }

        kept.Reverse();
        foreach (var node in kept)
        {
            var copy = node.Clone();
            copy.Name = $"{head.Name}/{node.Name}";
            Rewrite(copy.Input, Rename);
            Rewrite(copy.Output, Rename);
            merged.Node.Add(copy);
        }

        foreach (var initializer in source.Initializer.Where(i => needed.Contains(i.Name)))
        {
            var copy = initializer.Clone();
            copy.Name = Rename(initializer.Name);
            merged.Initializer.Add(copy);
        }

        var output = score.Clone();
        output.Name = head.Name;
        merged.Output.Add(output);
    }

    private static void Rewrite(Google.Protobuf.Collections.RepeatedField<string> names, Func<string, string> rename)
    {
        for (var i = 0; i < names.Count; i++)
        {
            names[i] = rename(names[i]);
        }
    }

    /// <summary>A graph input or output: a batch (any size) of float rows of <paramref name="width"/>.</summary>
    internal static ValueInfoProto FloatBatch(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
