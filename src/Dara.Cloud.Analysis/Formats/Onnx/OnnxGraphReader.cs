using System.Globalization;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Google.Protobuf;

namespace Dara.Cloud.Analysis.Formats.Onnx;

/// <summary>
/// Reads an ONNX model's graph (formats.md §3): one protobuf <c>onnx.ModelProto</c>, parsed with the classes
/// generated from ONNX 1.20's onnx.proto. Nothing is executed; weights are never kept (and, read from a source, never parsed).
/// Every problem is an <see cref="ArtifactException"/> naming the file.
/// </summary>
public static class OnnxGraphReader
{
    // Unknown fields (newer ONNX versions, or junk) are skipped instead of being kept in memory.
    private static readonly MessageParser<ModelProto> _parser = ModelProto.Parser.WithDiscardUnknownFields(true);

    /// <summary>
    /// The memory reading a file of <paramref name="fileBytes"/> takes at its peak: the file itself, then what is parsed
    /// from it. Weights and doc strings are skipped (<see cref="OnnxUnreadFields"/>); names become UTF-16 strings at up
    /// to twice their UTF-8 length, so a file of nothing but names takes three times its size.
    /// </summary>
    public static long PeakMemory(long fileBytes) => fileBytes * 3;

    /// <summary>Parses a whole .onnx file already in memory.</summary>
    /// <param name="file">The file's path inside the model, for messages and <see cref="OnnxGraph.File"/>.</param>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="limits">Caps on nodes, messages and subgraph depth; <see cref="OnnxReadLimits.Default"/> when null.</param>
    /// <exception cref="ArtifactException">Empty, not protobuf, truncated, without a graph, or over a limit.</exception>
    public static OnnxGraph Parse(string file, ReadOnlySpan<byte> bytes, OnnxReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (bytes.IsEmpty)
        {
            throw new ArtifactException(file, "is empty (0 bytes), not an ONNX model");
        }

        // Bounds the work and memory of the parse before Google.Protobuf allocates anything.
        OnnxWireScanner.Scan(file, bytes, limits ?? OnnxReadLimits.Default);
        return ParseScanned(file, bytes);
    }

    /// <summary>
    /// Parses a whole .onnx file in a buffer the caller gives up: weights and doc strings are hidden in it first
    /// (<see cref="OnnxUnreadFields"/>), so the parse skips them instead of copying them.
    /// </summary>
    internal static OnnxGraph ParseOwned(string file, byte[] bytes, OnnxReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new ArtifactException(file, "is empty (0 bytes), not an ONNX model");
        }

        OnnxWireScanner.ScanAndHideUnreadFields(file, bytes, limits ?? OnnxReadLimits.Default);
        return ParseScanned(file, bytes);
    }

    private static OnnxGraph ParseScanned(string file, ReadOnlySpan<byte> bytes)
    {
        ModelProto model;
        try
        {
            model = _parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            // What the pre-scan does not look into: packed lists, UTF-8 of strings ("String is invalid UTF-8.").
            throw new ArtifactException(file, $"is not a valid ONNX model: {e.Message.TrimEnd('.')}", e);
        }

        if (model.Graph is not { } graph)
        {
            throw new ArtifactException(file, "is not an ONNX model: it has no graph (ModelProto.graph is missing)");
        }

        return OnnxModelFlattener.Flatten(file, model, graph);
    }

    /// <summary>Reads <paramref name="path"/> from <paramref name="source"/> (at most <paramref name="maxBytes"/>) and parses it.</summary>
    /// <exception cref="ArtifactException">The file is larger than <paramref name="maxBytes"/>, cannot be read, or is not a valid ONNX model.</exception>
    public static async Task<OnnxGraph> ReadAsync(
        IArtifactSource source, string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);

        // One small read first: a file that does not even start like a model is refused before up to the cap is held in memory.
        var start = await source.ReadRangeAsync(path, 0, 16, cancellationToken).ConfigureAwait(false);
        if (start.TotalLength > 0 && FirstFieldProblem(start.Bytes.Span) is { } problem)
        {
            throw new ArtifactException(path, $"is not an ONNX model: {problem}");
        }

        var bytes = await source.ReadAllAsync(path, maxBytes, cancellationToken).ConfigureAwait(false);

        // The source promises the cap; checked again because the whole file is about to be parsed.
        if (bytes.LongLength > maxBytes)
        {
            throw new ArtifactException(
                path,
                $"is {bytes.LongLength.ToString("N0", CultureInfo.InvariantCulture)} bytes, over the " +
                $"{maxBytes.ToString("N0", CultureInfo.InvariantCulture)}-byte limit for ONNX graphs");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ParseOwned(path, bytes);
    }

    /// <summary>
    /// Why the first bytes cannot begin an <c>onnx.ModelProto</c> (null when they can): its first field must be one of
    /// the model's (ir_version, producer_name… functions) with that field's wire type. Every exporter writes ir_version first.
    /// </summary>
    internal static string? FirstFieldProblem(ReadOnlySpan<byte> start)
    {
        ulong tag = 0;
        var length = 0;
        for (var shift = 0; length < start.Length && shift < 35; shift += 7)
        {
            var b = start[length++];
            tag |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                var field = tag >> 3;
                var wireType = (int)(tag & 7);
                return ModelFieldWireType(field) is { } expected && expected == wireType
                    ? null
                    : $"it starts with protobuf field {field} (wire type {wireType}), which no ModelProto begins with";
            }
        }

        return start.Length < 16 ? null : "its first bytes are no protobuf field tag";
    }

    // ModelProto's fields (onnx.proto): varints (0) and length-delimited (2).
    private static int? ModelFieldWireType(ulong field) => field switch
    {
        1 or 5 => 0,
        2 or 3 or 4 or 6 or 7 or 8 or 14 or 20 or 25 or 26 => 2,
        _ => null,
    };
}
