using System.Globalization;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Google.Protobuf.Reflection;

namespace Dara.Cloud.Analysis.Formats.Onnx;

/// <summary>
/// Walks the protobuf wire format of a ModelProto once, without allocating, before Google.Protobuf builds it:
/// the parser would otherwise allocate a few hundred bytes per message for input that costs two bytes per
/// message, so node/message counts, nesting depth and subgraph depth are checked here first. The walk follows
/// the schema (descriptors of the generated classes) only to know which length-delimited fields are messages;
/// everything else is skipped. It also locates truncation and malformed data with a byte offset.
/// </summary>
internal sealed class OnnxWireScanner
{
    private const int _wireVarint = 0;
    private const int _wireFixed64 = 1;
    private const int _wireLengthDelimited = 2;
    private const int _wireStartGroup = 3;
    private const int _wireEndGroup = 4;
    private const int _wireFixed32 = 5;

    private readonly string _file;
    private readonly OnnxReadLimits _limits;
    private int _nodes;
    private int _messages;
    private long _listValues;

    // Where the tags of unread fields are and what to write over them; null when the caller's bytes are not to change.
    private List<(int Offset, byte Tag)>? _unread;

    private OnnxWireScanner(string file, OnnxReadLimits limits)
    {
        _file = file;
        _limits = limits;
    }

    /// <summary>Throws <see cref="ArtifactException"/> when the bytes are not well-formed protobuf or exceed a limit.</summary>
    public static void Scan(string file, ReadOnlySpan<byte> bytes, OnnxReadLimits limits) => Run(file, bytes, limits, unread: null);

    /// <summary>
    /// Like <see cref="Scan"/>, then renames the tags of the fields the reader never uses (<see cref="OnnxUnreadFields"/>)
    /// in <paramref name="bytes"/>, so that parsing skips them instead of copying them.
    /// </summary>
    public static void ScanAndHideUnreadFields(string file, Span<byte> bytes, OnnxReadLimits limits)
    {
        var unread = new List<(int Offset, byte Tag)>();
        Run(file, bytes, limits, unread);

        // Only after the whole file is known to be well-formed: a refused file is left as it was.
        foreach (var (offset, tag) in unread)
        {
            bytes[offset] = tag;
        }
    }

    private static void Run(string file, ReadOnlySpan<byte> bytes, OnnxReadLimits limits, List<(int Offset, byte Tag)>? unread)
    {
        var scanner = new OnnxWireScanner(file, limits) { _unread = unread };
        var position = 0;
        scanner.ScanFields(bytes, ref position, 0, ModelProto.Descriptor, depth: 0, graphLevel: -1, endGroupNumber: 0);
    }

    /// <param name="span">The bytes of the current message (or of the rest of the enclosing message for a group).</param>
    /// <param name="position">Where to start in <paramref name="span"/>; on return, just past what was consumed.</param>
    /// <param name="origin">File offset of <paramref name="span"/>[0], for messages.</param>
    /// <param name="type">The message's descriptor; null inside unknown fields (groups), where nothing is descended into.</param>
    /// <param name="depth">Nesting depth of this message (ModelProto is 0).</param>
    /// <param name="graphLevel">Subgraph level of the innermost enclosing GraphProto (main graph 0, none −1).</param>
    /// <param name="endGroupNumber">For a group, the field number whose end-group tag closes it; 0 for a message.</param>
    private void ScanFields(
        ReadOnlySpan<byte> span, ref int position, int origin, MessageDescriptor? type, int depth, int graphLevel, int endGroupNumber)
    {
        while (position < span.Length)
        {
            var tagAt = position;
            var tag = ReadVarint(span, ref position, origin, type);
            var fieldNumber = tag >> 3;
            if (fieldNumber == 0 || fieldNumber > uint.MaxValue >> 3)
            {
                throw Malformed($"invalid field tag {tag} at byte {At(origin, tagAt)}", type);
            }

            if (_unread is not null && type is not null && OnnxUnreadFields.HiddenTag(type, tag) is { } hidden)
            {
                _unread.Add((origin + tagAt, hidden));
            }

            var wireType = (int)(tag & 7);
            switch (wireType)
            {
                case _wireVarint:
                    ReadVarint(span, ref position, origin, type);
                    if (type?.FindFieldByNumber((int)fieldNumber) is { IsRepeated: true })
                    {
                        CountListValues(1);
                    }

                    break;
                case _wireFixed64:
                    Skip(span, ref position, 8, origin, type);
                    break;
                case _wireFixed32:
                    Skip(span, ref position, 4, origin, type);
                    break;
                case _wireLengthDelimited:
                    ScanLengthDelimited(span, ref position, origin, type, (int)fieldNumber, depth, graphLevel);
                    break;
                case _wireStartGroup:
                    // No ONNX field is a group; an unknown one is skipped by the parser, so walk it the same way.
                    EnterNested(depth + 1, origin + tagAt, type);
                    ScanFields(span, ref position, origin, null, depth + 1, graphLevel, (int)fieldNumber);
                    break;
                case _wireEndGroup:
                    if (fieldNumber != (ulong)endGroupNumber)
                    {
                        throw Malformed($"unexpected end-group tag at byte {At(origin, tagAt)}", type);
                    }

                    return;
                default:
                    throw Malformed($"invalid protobuf wire type {wireType} at byte {At(origin, tagAt)}", type);
            }
        }

        if (endGroupNumber != 0)
        {
            throw Malformed($"the data ends inside a group at byte {At(origin, span.Length)} (truncated file?)", type);
        }
    }

    private void ScanLengthDelimited(
        ReadOnlySpan<byte> span, ref int position, int origin, MessageDescriptor? type, int fieldNumber, int depth, int graphLevel)
    {
        var lengthAt = position;
        var length = ReadVarint(span, ref position, origin, type);
        var remaining = span.Length - position;
        if (length > (ulong)remaining)
        {
            throw Malformed(
                $"a field at byte {At(origin, lengthAt)} claims {length} bytes but only {remaining} remain (truncated file?)", type);
        }

        var field = type?.FindFieldByNumber(fieldNumber);
        if (field is { FieldType: FieldType.Message })
        {
            var child = field.MessageType;
            EnterNested(depth + 1, origin + lengthAt, type);
            var childGraphLevel = graphLevel;
            if (ReferenceEquals(child, NodeProto.Descriptor) && ++_nodes > _limits.MaxNodes)
            {
                throw new ArtifactException(_file, $"has more than {_limits.MaxNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes; refusing to read it");
            }

            if (ReferenceEquals(child, GraphProto.Descriptor) && ++childGraphLevel > _limits.MaxSubgraphDepth)
            {
                throw new ArtifactException(_file, $"has subgraphs nested more than {_limits.MaxSubgraphDepth} levels deep; refusing to read it");
            }

            var childSpan = span.Slice(position, (int)length);
            var childPosition = 0;
            ScanFields(childSpan, ref childPosition, origin + position, child, depth + 1, childGraphLevel, endGroupNumber: 0);
        }
        else if (field is { IsRepeated: true })
        {
            CountListValues(field.FieldType switch
            {
                FieldType.String or FieldType.Bytes => 1,
                FieldType.Float or FieldType.Double or FieldType.Fixed32 or FieldType.Fixed64 or FieldType.SFixed32 or FieldType.SFixed64 => 0,
                _ => CountVarints(span.Slice(position, (int)length)),
            });
        }

        position += (int)length;
    }

    private void EnterNested(int depth, long offset, MessageDescriptor? type)
    {
        if (depth > OnnxReadLimits.MaxMessageDepth)
        {
            throw Malformed(
                $"protobuf messages are nested more than {OnnxReadLimits.MaxMessageDepth} levels deep at byte {offset} (recursion limit)", type);
        }

        if (++_messages > _limits.MaxMessages)
        {
            throw new ArtifactException(
                _file, $"has more than {_limits.MaxMessages.ToString("N0", CultureInfo.InvariantCulture)} protobuf messages; refusing to read it");
        }
    }

    /// <summary>Charges list elements against <see cref="OnnxReadLimits.MaxListValues"/>.</summary>
    private void CountListValues(long count)
    {
        _listValues += count;
        if (_listValues > _limits.MaxListValues)
        {
            throw new ArtifactException(
                _file,
                $"has more than {_limits.MaxListValues.ToString("N0", CultureInfo.InvariantCulture)} names and integers in lists; refusing to read it");
        }
    }

    /// <summary>The varints in a packed list: each ends with the one byte whose high bit is clear.</summary>
    private static long CountVarints(ReadOnlySpan<byte> packed)
    {
        long count = 0;
        foreach (var b in packed)
        {
            if (b < 0x80)
            {
                count++;
            }
        }

        return count;
    }

    private ulong ReadVarint(ReadOnlySpan<byte> span, ref int position, int origin, MessageDescriptor? type)
    {
        var start = position;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= span.Length)
            {
                throw Malformed($"the data ends inside a field at byte {At(origin, position)} (truncated file?)", type);
            }

            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Malformed($"malformed varint (more than 10 bytes) at byte {At(origin, start)}", type);
    }

    private void Skip(ReadOnlySpan<byte> span, ref int position, int count, int origin, MessageDescriptor? type)
    {
        if (span.Length - position < count)
        {
            throw Malformed($"the data ends inside a field at byte {At(origin, span.Length)} (truncated file?)", type);
        }

        position += count;
    }

    private ArtifactException Malformed(string detail, MessageDescriptor? type) =>
        new(_file, $"is not a valid ONNX model: {detail}{(type is null ? "" : $" in {type.FullName}")}");

    private static long At(int origin, int position) => (long)origin + position;
}
