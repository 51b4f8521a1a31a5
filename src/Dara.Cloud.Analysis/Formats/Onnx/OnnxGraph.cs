namespace Dara.Cloud.Analysis.Formats.Onnx;

/// <summary>
/// An ONNX model's computation graph as DARA's ONNX path needs it: every node (subgraphs of If/Loop/Scan
/// included, flattened with their nesting path), attributes, initializers (name, dtype, shape; no bytes),
/// graph inputs/outputs and opsets.
/// </summary>
public sealed record OnnxGraph(
    string File,
    long IrVersion,
    string ProducerName,
    string ProducerVersion,
    IReadOnlyDictionary<string, long> Opsets,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<TensorSpec> Initializers,
    IReadOnlyList<OnnxValue> Inputs,
    IReadOnlyList<OnnxValue> Outputs,
    IReadOnlyDictionary<string, string> MetadataProps);

/// <summary>One node. <paramref name="GraphPath"/> is "" for the main graph, e.g. "If_0/then_branch" inside a subgraph.</summary>
public sealed record OnnxNode(
    string Name,
    string OpType,
    string Domain,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes,
    string GraphPath);

/// <summary>An attribute with its value rendered as DARA's parameter text ("[3, 3]", "0.001", "NOTSET").</summary>
public sealed record OnnxAttribute(string Name, string Type, string Value);

/// <summary>A graph input or output: name, element type and shape (symbolic dims as their parameter names).</summary>
public sealed record OnnxValue(string Name, string ElementType, IReadOnlyList<string> Shape);
