using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Google.Protobuf;

namespace Dara.Cloud.Testing.Builders;

/// <summary>
/// Builds small, valid ONNX models in code (never copy real files into the repository):
/// <code>
/// var bytes = new OnnxModelBuilder(opset: 17)
///     .WithGraph(g => g
///         .Input("x", DataType.Float, 1, 3, 8, 8)
///         .Initializer("w", DataType.Float, 4, 3, 3, 3)
///         .Conv("x", "w", null, "y", kernelShape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1])
///         .Output("y", DataType.Float, 1, 4, 8, 8))
///     .ToBytes();
/// </code>
/// <see cref="Build"/> returns the ModelProto for tests that need to damage or tweak it.
/// </summary>
public sealed class OnnxModelBuilder
{
    private readonly ModelProto _model;

    /// <param name="opset">The ai.onnx opset version imported (domain "").</param>
    /// <param name="irVersion">ModelProto.ir_version; 8 suits opsets up to 17, onnxruntime reads up to 11.</param>
    /// <param name="graphName">Name of the main graph.</param>
    public OnnxModelBuilder(long opset = 17, long irVersion = 8, string graphName = "main")
    {
        _model = new ModelProto { IrVersion = irVersion, ProducerName = "Dara.Cloud.Testing", ProducerVersion = "1" };
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        Graph = new OnnxGraphBuilder(graphName);
    }

    /// <summary>The main graph.</summary>
    public OnnxGraphBuilder Graph { get; }

    public OnnxModelBuilder WithGraph(Action<OnnxGraphBuilder> build)
    {
        build(Graph);
        return this;
    }

    public OnnxModelBuilder Producer(string name, string version)
    {
        _model.ProducerName = name;
        _model.ProducerVersion = version;
        return this;
    }

    /// <summary>Imports another operator set (e.g. "ai.onnx.ml", "com.microsoft").</summary>
    public OnnxModelBuilder Opset(string domain, long version)
    {
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        return this;
    }

    public OnnxModelBuilder Metadata(string key, string value)
    {
        _model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return this;
    }

    /// <summary>
    /// A model-local function (IR 8+): the nodes of <paramref name="body"/> become the function's nodes, its
    /// inputs/outputs the function's formal parameters. Import <paramref name="domain"/> with <see cref="Opset"/>.
    /// </summary>
    public OnnxModelBuilder Function(string domain, string name, Action<OnnxGraphBuilder> body, params string[] attributeNames)
    {
        var graph = new OnnxGraphBuilder(name);
        body(graph);
        var built = graph.Build();
        var function = new FunctionProto { Domain = domain, Name = name };
        function.Input.AddRange(built.Input.Select(v => v.Name));
        function.Output.AddRange(built.Output.Select(v => v.Name));
        function.Node.AddRange(built.Node);
        function.Attribute.AddRange(attributeNames);
        function.OpsetImport.AddRange(_model.OpsetImport.Where(o => o.Domain.Length == 0).Select(o => o.Clone()));
        _model.Functions.Add(function);
        return this;
    }

    /// <summary>The model as a message (a fresh copy each call).</summary>
    public ModelProto Build()
    {
        var model = _model.Clone();
        model.Graph = Graph.Build();
        return model;
    }

    /// <summary>The serialized .onnx file.</summary>
    public byte[] ToBytes() => Build().ToByteArray();
}
