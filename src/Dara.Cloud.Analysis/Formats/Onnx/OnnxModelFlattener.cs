using System.Globalization;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Google.Protobuf.Collections;

namespace Dara.Cloud.Analysis.Formats.Onnx;

/// <summary>
/// Turns a parsed ModelProto into an <see cref="OnnxGraph"/>: nodes of every graph (subgraphs in GRAPH and
/// GRAPHS attributes of any operator, then local functions) flattened in one list with their graph path, and
/// tensors reduced to name/dtype/shape. Only plain strings and numbers are copied out, so the ModelProto and
/// its weight bytes can be collected as soon as this returns. Nesting depth was bounded by the wire scan.
/// </summary>
internal sealed class OnnxModelFlattener
{
    private const string _defaultDomain = "ai.onnx";

    private readonly string _file;
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxTensor> _constants = [];

    private OnnxModelFlattener(string file)
    {
        _file = file;
    }

    public static OnnxGraph Flatten(string file, ModelProto model, GraphProto graph)
    {
        var flattener = new OnnxModelFlattener(file);
        flattener.AddGraph(graph, "");
        foreach (var function in model.Functions)
        {
            flattener.AddNodes(function.Node, "function:" + function.Name);
        }

        var tensors = new List<OnnxTensor>(flattener._initializers.Count + flattener._constants.Count);
        tensors.AddRange(flattener._initializers);
        tensors.AddRange(flattener._constants);

        return new OnnxGraph(
            file,
            model.IrVersion,
            model.ProducerName,
            model.ProducerVersion,
            Opsets(model.OpsetImport),
            flattener._nodes,
            flattener._initializers.ConvertAll(t => t.Spec),
            Values(graph.Input, InitializerNames(graph)),
            Values(graph.Output, excluded: null),
            Metadata(model.MetadataProps))
        {
            GraphName = graph.Name,
            Tensors = tensors,
        };
    }

    /// <summary>The default domain "" is the ai.onnx opset; the spelling is normalised so lookups need one key.</summary>
    public static string Domain(string domain) => domain.Length == 0 ? _defaultDomain : domain;

    private void AddGraph(GraphProto graph, string path)
    {
        foreach (var initializer in graph.Initializer)
        {
            _initializers.Add(new OnnxTensor(Spec(initializer, initializer.Name), OnnxTensorKind.Initializer, path, ExternalLocation(initializer)));
        }

        foreach (var sparse in graph.SparseInitializer)
        {
            var values = sparse.Values ?? new TensorProto();
            var spec = new TensorSpec(values.Name, OnnxDataTypes.TensorDType(values.DataType), Dims(sparse.Dims, values.Name));
            _initializers.Add(new OnnxTensor(spec, OnnxTensorKind.SparseInitializer, path, ExternalLocation(values)));
        }

        AddNodes(graph.Node, path);
    }

    private void AddNodes(RepeatedField<NodeProto> nodes, string path)
    {
        for (var index = 0; index < nodes.Count; index++)
        {
            var node = nodes[index];
            var attributes = new OnnxAttribute[node.Attribute.Count];
            for (var i = 0; i < attributes.Length; i++)
            {
                attributes[i] = OnnxValueText.Attribute(node.Attribute[i]);
            }

            // Operator names become layer kinds in every fingerprint and report; a megabyte-long one is hostile.
            Identifiers.Checked(_file, "op_type", node.OpType);
            Identifiers.Checked(_file, "domain", node.Domain);
            _nodes.Add(new OnnxNode(
                node.Name, node.OpType, Domain(node.Domain), [.. node.Input], [.. node.Output], attributes, path));

            if (node.OpType == "Constant" && Domain(node.Domain) == _defaultDomain)
            {
                AddConstant(node, path);
            }

            // Subgraphs of any operator (If, Loop, Scan, SequenceMap, custom ones), depth first after their node.
            var label = node.Name.Length > 0 ? node.Name : $"{node.OpType}#{index.ToString(CultureInfo.InvariantCulture)}";
            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is { } subgraph)
                {
                    AddGraph(subgraph, Child(path, $"{label}/{attribute.Name}"));
                }

                for (var g = 0; g < attribute.Graphs.Count; g++)
                {
                    AddGraph(attribute.Graphs[g], Child(path, $"{label}/{attribute.Name}[{g.ToString(CultureInfo.InvariantCulture)}]"));
                }
            }
        }
    }

    /// <summary>A Constant's tensor is a weight like an initializer; it is named by the value the node produces.</summary>
    private void AddConstant(NodeProto node, string path)
    {
        var name = node.Output.Count > 0 ? node.Output[0] : node.Name;
        foreach (var attribute in node.Attribute)
        {
            if (attribute.Name == "value" && attribute.T is { } tensor)
            {
                _constants.Add(new OnnxTensor(Spec(tensor, name), OnnxTensorKind.Constant, path, ExternalLocation(tensor)));
            }
            else if (attribute.Name == "sparse_value" && attribute.SparseTensor is { } sparse)
            {
                var spec = new TensorSpec(name, OnnxDataTypes.TensorDType(sparse.Values?.DataType ?? 0), Dims(sparse.Dims, name));
                _constants.Add(new OnnxTensor(spec, OnnxTensorKind.Constant, path));
            }
        }
    }

    private TensorSpec Spec(TensorProto tensor, string name) =>
        new(name, OnnxDataTypes.TensorDType(tensor.DataType), Dims(tensor.Dims, name));

    /// <summary>Stored dims must be non-negative and multiply to a 64-bit count (the ONNX checker's rule too).</summary>
    private long[] Dims(RepeatedField<long> dims, string tensor)
    {
        var shape = dims.ToArray();
        long elements = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArtifactException(_file, $"tensor {MessageText.Quote(tensor)} has a negative dimension ({d.ToString(CultureInfo.InvariantCulture)})");
            }

            if (d != 0 && elements > long.MaxValue / d)
            {
                throw new ArtifactException(_file, $"tensor {MessageText.Quote(tensor)} has more elements than a 64-bit count can hold");
            }

            elements *= d;
        }

        return shape;
    }

    private static string? ExternalLocation(TensorProto tensor)
    {
        if (tensor.DataLocation != TensorProto.Types.DataLocation.External)
        {
            return null;
        }

        foreach (var entry in tensor.ExternalData)
        {
            if (entry.Key == "location")
            {
                return entry.Value;
            }
        }

        return "";
    }

    private static string Child(string path, string segment) => path.Length == 0 ? segment : $"{path}/{segment}";

    private static Dictionary<string, long> Opsets(RepeatedField<OperatorSetIdProto> imports)
    {
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var import in imports)
        {
            var domain = Domain(import.Domain);
            opsets[domain] = opsets.TryGetValue(domain, out var seen) ? Math.Max(seen, import.Version) : import.Version;
        }

        return opsets;
    }

    /// <summary>
    /// IR &lt; 4 lists every initializer among the graph inputs too; those are weights, not what a caller feeds,
    /// so (like onnxruntime's session inputs) they are left out.
    /// </summary>
    private static HashSet<string> InitializerNames(GraphProto graph)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer)
        {
            names.Add(initializer.Name);
        }

        foreach (var sparse in graph.SparseInitializer)
        {
            if (sparse.Values is { } values)
            {
                names.Add(values.Name);
            }
        }

        return names;
    }

    private static List<OnnxValue> Values(RepeatedField<ValueInfoProto> values, HashSet<string>? excluded)
    {
        var result = new List<OnnxValue>(values.Count);
        foreach (var value in values)
        {
            if (excluded is null || !excluded.Contains(value.Name))
            {
                result.Add(new OnnxValue(value.Name, OnnxValueText.ValueElementType(value.Type), OnnxValueText.Shape(value.Type)));
            }
        }

        return result;
    }

    private static Dictionary<string, string> Metadata(RepeatedField<StringStringEntryProto> entries)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            metadata[entry.Key] = entry.Value;
        }

        return metadata;
    }
}
