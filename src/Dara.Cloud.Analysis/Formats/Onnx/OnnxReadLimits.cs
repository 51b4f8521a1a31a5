namespace Dara.Cloud.Analysis.Formats.Onnx;

/// <summary>
/// What <see cref="OnnxGraphReader"/> accepts before it builds any object. A parsed node costs about 280 bytes
/// as a protobuf message and as much again flattened, while a hostile file encodes one in two bytes, so counts
/// are capped as well as the file size: the defaults bound a spam file to a few hundred MB of transient memory
/// and are still far above real models (exports of large LLMs have on the order of ten thousand nodes).
/// </summary>
/// <param name="MaxSubgraphDepth">Deepest subgraph nesting (If inside Loop inside If …); the main graph is level 0.
/// Each level costs three protobuf nesting levels (graph → node → attribute) of the 100 protobuf allows, and a
/// typed value inside a graph four more, so about 30 levels is the most any reader can get; 24 leaves room for
/// nested types. Real models nest a few levels (Silero VAD: 4).</param>
/// <param name="MaxNodes">Most nodes in the whole model, subgraphs and functions included.</param>
/// <param name="MaxMessages">Most protobuf messages of any kind in the whole model.</param>
/// <param name="MaxListValues">Most elements of lists that grow when parsed: strings (node inputs and outputs, string
/// data) and varint-encoded integers (dims, int64_data, ints). A hostile file encodes one in a byte or two, and each
/// becomes an 8-byte slot or more (200 MB of packed one-byte dims parsed into 5.6 GB). Raw bytes and packed floats are
/// not counted: they take in memory what they take in the file, which the size cap bounds. Real models hold a few
/// values per node and tensor; the default leaves room for a model storing millions of weights as int32_data.</param>
public sealed record OnnxReadLimits(int MaxSubgraphDepth = 24, int MaxNodes = 250_000, int MaxMessages = 1_000_000, long MaxListValues = 16_000_000)
{
    /// <summary>The limits used when none are given.</summary>
    public static OnnxReadLimits Default { get; } = new();

    /// <summary>
    /// Protobuf nesting depth the reader allows; the same as Google.Protobuf's default recursion limit, so
    /// anything the pre-scan accepts the parser accepts too.
    /// </summary>
    internal const int MaxMessageDepth = 100;
}
