namespace Dara.Cloud.Analysis.Formats.Onnx;

/// <summary>
/// An ONNX model's computation graph as DARA's ONNX path needs it: every node (subgraphs of If/Loop/Scan
/// included, flattened with their nesting path), attributes, initializers (name, dtype, shape; no bytes),
/// graph inputs/outputs and opsets.
/// </summary>
/// <param name="File">Path of the file inside the model (for messages and evidence).</param>
/// <param name="IrVersion">ModelProto.ir_version (0 when absent).</param>
/// <param name="ProducerName">ModelProto.producer_name ("" when absent).</param>
/// <param name="ProducerVersion">ModelProto.producer_version ("" when absent).</param>
/// <param name="Opsets">Operator set version by domain; the default domain "" is spelled "ai.onnx".
/// A domain imported twice keeps its highest version.</param>
/// <param name="Nodes">Every node: the main graph's nodes in order, each followed by the nodes of its
/// subgraphs (depth first), then the nodes of the model's local functions. The graphs of training_info
/// (on-device training steps) are not part of the model's computation and are left out.</param>
/// <param name="Initializers">The initializers of the main graph, then those of the subgraphs (sparse
/// initializers with their dense shape). Constant nodes' values are not initializers; see <see cref="Tensors"/>.</param>
/// <param name="Inputs">The main graph's inputs that are not initializers (IR &lt; 4 files list every initializer as an input
/// too; those are weights, not values a caller feeds).</param>
/// <param name="Outputs">The main graph's outputs.</param>
/// <param name="MetadataProps">ModelProto.metadata_props (a repeated key keeps its last value).</param>
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
    IReadOnlyDictionary<string, string> MetadataProps)
{
    /// <summary>The main graph's name ("" when unnamed).</summary>
    public string GraphName { get; init; } = "";

    /// <summary>
    /// Every tensor stored in the model, with where it is: initializers (as in <see cref="Initializers"/>, in the
    /// same order) followed by the value tensors of Constant nodes. Exporters such as spox keep all weights in
    /// Constant nodes (Silero VAD v6 has no initializer at all), so counting parameters needs both kinds.
    /// </summary>
    public IReadOnlyList<OnnxTensor> Tensors { get; init; } = [];
}

/// <summary>One node. <paramref name="GraphPath"/> is "" for the main graph, e.g. "If_0/then_branch" inside a subgraph.</summary>
/// <param name="Name">The node's name ("" when unnamed).</param>
/// <param name="OpType">Operator type, e.g. <c>Conv</c>.</param>
/// <param name="Domain">Operator domain; the default domain "" is spelled "ai.onnx" (a key of <see cref="OnnxGraph.Opsets"/>).</param>
/// <param name="Inputs">Input tensor names ("" for an omitted optional input).</param>
/// <param name="Outputs">Output tensor names.</param>
/// <param name="Attributes">Attributes as stored (defaults are not filled in, nothing is dropped).</param>
/// <param name="GraphPath">Where the node is: "" for the main graph; "&lt;node&gt;/&lt;attribute&gt;" per subgraph level
/// ("If_0/then_branch/Loop_3/body"), "&lt;node&gt;/&lt;attribute&gt;[i]" for an element of a GRAPHS list,
/// "function:&lt;name&gt;" for a local function's body. An unnamed node is labelled "&lt;OpType&gt;#&lt;index in its graph&gt;".</param>
public sealed record OnnxNode(
    string Name,
    string OpType,
    string Domain,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes,
    string GraphPath);

/// <summary>An attribute with its value rendered as DARA's parameter text ("[3, 3]", "0.001", "NOTSET").</summary>
/// <param name="Name">Attribute name.</param>
/// <param name="Type">ONNX AttributeType name (FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS, …); inferred from
/// the value when an old file leaves it UNDEFINED.</param>
/// <param name="Value">The value as text: numbers in invariant culture, strings decoded as UTF-8, lists as
/// "[a, b]", tensors as "tensor(F32, [3, 3])", graphs as "graph(name)", references to a function's attribute as
/// "ref(name)". Lists longer than 64 items and strings longer than 256 bytes are elided with their length.</param>
public sealed record OnnxAttribute(string Name, string Type, string Value);

/// <summary>A graph input or output: name, element type and shape (symbolic dims as their parameter names).</summary>
/// <param name="Name">Value name.</param>
/// <param name="ElementType">For tensors the ONNX DataType name (FLOAT, INT64, …, as ONNX tooling prints it);
/// other types as "sequence(tensor(FLOAT))", "map(INT64, tensor(FLOAT))", "optional(…)", "sparse_tensor(FLOAT)";
/// "" when the value has no type.</param>
/// <param name="Shape">Dimensions: a number, a dim_param's name, or "?" when unknown; empty for a scalar or when
/// no shape is given.</param>
public sealed record OnnxValue(string Name, string ElementType, IReadOnlyList<string> Shape);

/// <summary>How a tensor is stored in an ONNX model.</summary>
public enum OnnxTensorKind
{
    /// <summary>A graph's <c>initializer</c>.</summary>
    Initializer,

    /// <summary>A graph's <c>sparse_initializer</c> (shape is the dense shape).</summary>
    SparseInitializer,

    /// <summary>The <c>value</c> / <c>sparse_value</c> tensor of a Constant node, named by the node's output.</summary>
    Constant,
}

/// <summary>One stored tensor (bytes never kept) and where it is.</summary>
/// <param name="Spec">Name, dtype (safetensors spelling, FLOAT → F32) and shape.</param>
/// <param name="Kind">Initializer, sparse initializer or Constant value.</param>
/// <param name="GraphPath">The graph holding it, as in <see cref="OnnxNode.GraphPath"/>.</param>
/// <param name="ExternalLocation">For data stored outside the .onnx file, the external_data <c>location</c>
/// (relative to the model file); null when the bytes are inline.</param>
public sealed record OnnxTensor(TensorSpec Spec, OnnxTensorKind Kind, string GraphPath, string? ExternalLocation = null);
