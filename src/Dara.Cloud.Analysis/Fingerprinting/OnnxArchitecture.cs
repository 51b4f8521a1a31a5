using Dara.Cloud.Analysis.Formats.Onnx;

namespace Dara.Cloud.Analysis.Fingerprinting;

/// <summary>
/// DARA's ONNX path: every node is a layer named by its op type, its attributes are the parameters (attributes equal
/// to the operator's default are dropped, as the paper does), initializer dims are the layer's shapes, and edges join
/// the node producing a tensor to each node consuming it. Subgraph nodes (If/Loop/Scan bodies) are layers too.
/// </summary>
public static class OnnxArchitecture
{
    public static AbstractArchitecture From(OnnxGraph graph)
    {
        var initializerShapes = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializers)
        {
            initializerShapes.TryAdd(initializer.Name, initializer.Shape);
        }

        var layers = new List<ArchitectureLayer>(graph.Nodes.Count + 2)
        {
            new(AbstractArchitecture.Input, AbstractArchitecture.Input, [], []),
        };
        var producers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var input in graph.Inputs)
        {
            if (!initializerShapes.ContainsKey(input.Name))
            {
                producers[input.Name] = 0;
            }
        }

        foreach (var node in graph.Nodes)
        {
            var index = layers.Count;
            var shapes = node.Inputs.Where(initializerShapes.ContainsKey).Select(i => initializerShapes[i]).ToList();
            var parameters = node.Attributes
                .Where(a => a.Type is not "GRAPH" and not "GRAPHS" && !OnnxDefaults.IsDefault(node.OpType, a.Name, a.Value))
                .Select(a => KeyValuePair.Create(a.Name, a.Value))
                .ToList();
            layers.Add(new ArchitectureLayer(string.IsNullOrEmpty(node.GraphPath) ? node.Name : $"{node.GraphPath}/{node.Name}", node.OpType, parameters, shapes));
            foreach (var output in node.Outputs)
            {
                if (output.Length > 0)
                {
                    producers[output] = index;
                }
            }
        }

        var outputIndex = layers.Count;
        layers.Add(new ArchitectureLayer(AbstractArchitecture.Output, AbstractArchitecture.Output, [], []));

        var edges = new List<(int, int)>();
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            foreach (var input in graph.Nodes[i].Inputs)
            {
                if (producers.TryGetValue(input, out var from))
                {
                    edges.Add((from, i + 1));
                }
            }
        }

        foreach (var output in graph.Outputs)
        {
            if (producers.TryGetValue(output.Name, out var from))
            {
                edges.Add((from, outputIndex));
            }
        }

        return new AbstractArchitecture(layers, edges, "onnx", null);
    }
}

/// <summary>Attribute defaults of common ONNX operators (ONNX Operators.md), so that defaults are not features.</summary>
internal static class OnnxDefaults
{
    private static readonly Dictionary<(string Op, string Attribute), string[]> Defaults = new()
    {
        [("Conv", "group")] = ["1"],
        [("Conv", "auto_pad")] = ["NOTSET"],
        [("ConvTranspose", "group")] = ["1"],
        [("ConvTranspose", "auto_pad")] = ["NOTSET"],
        [("Gemm", "alpha")] = ["1"],
        [("Gemm", "beta")] = ["1"],
        [("Gemm", "transA")] = ["0"],
        [("Gemm", "transB")] = ["0"],
        [("BatchNormalization", "epsilon")] = ["1E-05", "1e-05", "9.999999747378752E-06", "9.999999747378752e-06", "1.0000000e-05"],
        [("BatchNormalization", "momentum")] = ["0.9", "0.8999999761581421"],
        [("LeakyRelu", "alpha")] = ["0.01", "0.009999999776482582"],
        [("MaxPool", "auto_pad")] = ["NOTSET"],
        [("MaxPool", "ceil_mode")] = ["0"],
        [("MaxPool", "storage_order")] = ["0"],
        [("AveragePool", "auto_pad")] = ["NOTSET"],
        [("AveragePool", "ceil_mode")] = ["0"],
        [("AveragePool", "count_include_pad")] = ["0"],
        [("Flatten", "axis")] = ["1"],
        [("Softmax", "axis")] = ["-1"],
        [("LogSoftmax", "axis")] = ["-1"],
        [("LayerNormalization", "axis")] = ["-1"],
        [("LayerNormalization", "epsilon")] = ["1E-05", "1e-05", "9.999999747378752E-06", "9.999999747378752e-06"],
        [("Concat", "axis")] = [],
        [("Gather", "axis")] = ["0"],
        [("Squeeze", "axes")] = [],
        [("ReduceMean", "keepdims")] = ["1"],
        [("ReduceSum", "keepdims")] = ["1"],
        [("Elu", "alpha")] = ["1"],
        [("HardSigmoid", "alpha")] = ["0.2", "0.20000000298023224"],
        [("HardSigmoid", "beta")] = ["0.5"],
        [("LRN", "alpha")] = ["0.0001", "9.999999747378752E-05", "9.999999747378752e-05"],
        [("LRN", "beta")] = ["0.75"],
        [("LRN", "bias")] = ["1"],
        [("Split", "axis")] = ["0"],
        [("Cast", "saturate")] = ["1"],
    };

    public static bool IsDefault(string op, string attribute, string value)
    {
        if (Defaults.TryGetValue((op, attribute), out var values) && values.Contains(value, StringComparer.Ordinal))
        {
            return true;
        }

        // All-ones strides/dilations and all-zero pads are the defaults of every conv/pool op.
        return attribute switch
        {
            "strides" or "dilations" => IsListOf(value, "1"),
            "pads" => IsListOf(value, "0"),
            _ => false,
        };
    }

    private static bool IsListOf(string value, string element)
    {
        var trimmed = value.Trim('[', ']', ' ');
        return trimmed.Length > 0 && trimmed.Split(',').All(v => v.Trim() == element);
    }
}
