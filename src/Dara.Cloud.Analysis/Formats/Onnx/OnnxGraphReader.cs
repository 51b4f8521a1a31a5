using System.Globalization;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Google.Protobuf;

namespace Dara.Cloud.Analysis.Formats.Onnx;

/// <summary>
/// Reads an ONNX model's graph (formats.md §3): one protobuf <c>onnx.ModelProto</c>, parsed with the classes
/// generated from ONNX 1.20's onnx.proto. Nothing is executed; weight bytes are parsed but never kept.
/// Every problem is an <see cref="ArtifactException"/> naming the file.
/// </summary>
public static class OnnxGraphReader
{
    // Unknown fields (newer ONNX versions, or junk) are skipped instead of being kept in memory.
    private static readonly MessageParser<ModelProto> _parser = ModelProto.Parser.WithDiscardUnknownFields(true);

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
        return Parse(path, bytes);
    }
}
