using System.Text.Json;
using Dara.Cloud.Analysis.Formats.Onnx;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Formats.Onnx;

/// <summary>
/// Every real .onnx file under DARA_REAL_DATA/onnx against its derived <c>.onnx.summary.json</c> (made with
/// python3-onnx 1.12: top-level counts plus counts that recurse into If/Loop/Scan bodies).
/// </summary>
public sealed class OnnxRealModelTests
{
    internal const string SileroV6 = "npm__@ricky0123__vad-web@0.0.31/dist/silero_vad_v6.onnx";

    public static TheoryData<string> RealOnnxFiles()
    {
        var data = new TheoryData<string>();
        if (RealData.SkipReason is null)
        {
            foreach (var file in RealData.OnnxFiles())
            {
                data.Add(Path.GetRelativePath(RealData.Onnx, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [RealDataFact]
    public void The_real_data_set_has_onnx_files_with_summaries()
    {
        var files = RealData.OnnxFiles().ToList();

        Assert.True(files.Count >= 100, $"expected the 112 real ONNX files, found {files.Count}");
        Assert.All(files, f => Assert.True(File.Exists(f + ".summary.json"), $"{f} has no summary"));
    }

    [RealDataTheory]
    [MemberData(nameof(RealOnnxFiles))]
    public void Real_model_matches_its_summary(string relativePath)
    {
        var path = Path.Combine(RealData.Onnx, relativePath);
        using var summaryJson = JsonDocument.Parse(File.ReadAllText(path + ".summary.json"));
        var summary = summaryJson.RootElement;

        var graph = OnnxGraphReader.Parse(relativePath, File.ReadAllBytes(path));

        Assert.Equal(relativePath, graph.File);
        Assert.Equal(summary.GetProperty("ir_version").GetInt64(), graph.IrVersion);
        Assert.Equal(summary.GetProperty("producer_name").GetString(), graph.ProducerName);
        Assert.Equal(summary.GetProperty("producer_version").GetString(), graph.ProducerVersion);
        Assert.Equal(summary.GetProperty("graph_name").GetString(), graph.GraphName);
        Assert.Equal(
            summary.GetProperty("opset_import").EnumerateArray()
                .ToDictionary(o => o.GetProperty("domain").GetString()!, o => o.GetProperty("version").GetInt64()),
            graph.Opsets);
        Assert.Equal(
            summary.GetProperty("metadata_props").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            graph.MetadataProps);
        Assert.Equal(Values(summary.GetProperty("inputs")), graph.Inputs.Select(Describe));
        Assert.Equal(Values(summary.GetProperty("outputs")), graph.Outputs.Select(Describe));

        // No real file has local functions, so every node is in the main graph or one of its subgraphs.
        Assert.DoesNotContain(graph.Nodes, n => n.GraphPath.StartsWith("function:", StringComparison.Ordinal));
        var mainNodes = graph.Nodes.Where(n => n.GraphPath.Length == 0).ToList();
        Assert.Equal(summary.GetProperty("node_count").GetInt32(), mainNodes.Count);
        Assert.Equal(Counts(summary.GetProperty("op_type_counts")), OpTypeCounts(mainNodes));
        Assert.Equal(summary.GetProperty("node_count_including_subgraphs").GetInt32(), graph.Nodes.Count);
        Assert.Equal(Counts(summary.GetProperty("op_type_counts_including_subgraphs")), OpTypeCounts(graph.Nodes));
        Assert.Equal(
            summary.GetProperty("subgraph_attributes").GetInt32(),
            mainNodes.Sum(n => n.Attributes.Count(a => a.Type is "GRAPH" or "GRAPHS")));
        Assert.Equal(
            summary.GetProperty("node_names_first_50").EnumerateArray().Select(e => e.GetString()),
            mainNodes.Take(50).Select(n => n.Name));

        var mainInitializers = graph.Tensors
            .Where(t => t.GraphPath.Length == 0 && t.Kind == OnnxTensorKind.Initializer)
            .Select(t => t.Spec)
            .ToList();
        Assert.Equal(summary.GetProperty("initializer_count").GetInt32(), mainInitializers.Count);
        Assert.Equal(summary.GetProperty("initializer_total_elements").GetInt64(), mainInitializers.Sum(t => t.ElementCount));
        Assert.Equal(
            summary.GetProperty("initializer_names_first_50").EnumerateArray().Select(e => e.GetString()),
            mainInitializers.Take(50).Select(t => t.Name));
        Assert.Equal(graph.Initializers, graph.Tensors.Where(t => t.Kind != OnnxTensorKind.Constant).Select(t => t.Spec));
    }

    [RealDataFact]
    public void Silero_VAD_v6_nodes_inside_If_branches_are_read_with_their_graph_path()
    {
        var graph = OnnxGraphReader.Parse(SileroV6, File.ReadAllBytes(Path.Combine(RealData.Onnx, SileroV6)));

        // The main graph only dispatches on the sample rate; the network lives in the If branches.
        Assert.Equal(["Constant", "Equal", "If", "Identity", "Identity"], graph.Nodes.Where(n => n.GraphPath == "").Select(n => n.OpType));
        var rootIf = Assert.Single(graph.Nodes, n => n.GraphPath == "" && n.OpType == "If");
        Assert.Equal(["else_branch", "then_branch"], rootIf.Attributes.Select(a => a.Name).Order());
        Assert.All(rootIf.Attributes, a => Assert.Equal("GRAPH", a.Type));
        Assert.Contains(graph.Nodes, n => n.GraphPath == "If_0/then_branch");
        Assert.Contains(graph.Nodes, n => n.GraphPath == "If_0/else_branch");

        var convs = graph.Nodes.Where(n => n.OpType == "Conv").ToList();
        Assert.Equal(12, convs.Count);
        Assert.All(convs, c => Assert.StartsWith("If_0/", c.GraphPath, StringComparison.Ordinal));
        Assert.All(convs, c => Assert.Contains(c.Attributes, a => a.Name == "kernel_shape" && a.Type == "INTS" && a.Value.StartsWith('[')));
        Assert.Equal(4, graph.Nodes.Count(n => n.OpType == "LSTM"));
        Assert.True(graph.Nodes.Max(n => n.GraphPath.Count(c => c == '/')) >= 3, "nested If subgraphs are flattened too");

        // spox keeps every weight in a Constant node: no initializer, but each Constant's tensor is listed.
        Assert.Empty(graph.Initializers);
        Assert.Equal(graph.Nodes.Count(n => n.OpType == "Constant"), graph.Tensors.Count(t => t.Kind == OnnxTensorKind.Constant));
        Assert.Contains(graph.Tensors, t => t.Spec.DType == "F32" && t.Spec.Shape.SequenceEqual([128L, 65, 3]));
    }

    private static IEnumerable<string> Values(JsonElement values) =>
        values.EnumerateArray().Select(v =>
        {
            var dims = v.GetProperty("shape").EnumerateArray().Select(d => d.ValueKind switch
            {
                JsonValueKind.Number => d.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                JsonValueKind.String => d.GetString()!,
                _ => "?",
            });
            return $"{v.GetProperty("name").GetString()}: {v.GetProperty("elem_type").GetString()} [{string.Join(", ", dims)}]";
        });

    private static string Describe(OnnxValue value) => $"{value.Name}: {value.ElementType} [{string.Join(", ", value.Shape)}]";

    private static SortedDictionary<string, int> Counts(JsonElement counts) =>
        new(counts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()), StringComparer.Ordinal);

    /// <summary>Keyed as the summaries key them: "Conv" for the default domain, "domain::OpType" for others.</summary>
    private static SortedDictionary<string, int> OpTypeCounts(IEnumerable<OnnxNode> nodes) =>
        new(
            nodes.GroupBy(n => n.Domain == "ai.onnx" ? n.OpType : $"{n.Domain}::{n.OpType}").ToDictionary(g => g.Key, g => g.Count()),
            StringComparer.Ordinal);
}
