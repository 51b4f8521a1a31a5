using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Google.Protobuf.Reflection;

namespace Dara.Cloud.Analysis.Formats.Onnx;

/// <summary>
/// The fields of an ONNX model the graph reader never uses but Google.Protobuf would copy: tensor values (the weights,
/// most of a file's bytes) and doc strings (turned into UTF-16 at twice their size). Before a buffer the reader owns is
/// parsed, their one-byte tags are renamed in place to a field number the message does not have, with the same wire
/// type: lengths stay valid, and the parser skips unknown fields without copying them. A graph of 1 GiB then costs
/// about its file's bytes to read, not three times that.
/// </summary>
internal static class OnnxUnreadFields
{
    // Tensor values in every encoding onnx.proto allows; names, dims, dtype and external_data stay (they are facts).
    private static readonly HashSet<string> _tensorValues =
        ["float_data", "int32_data", "string_data", "int64_data", "raw_data", "double_data", "uint64_data"];

    private static readonly Dictionary<MessageDescriptor, Hiding> _byType = Build();

    /// <summary>
    /// The tag to write over <paramref name="tag"/> (a field of <paramref name="type"/>) so that the parser skips it,
    /// or null for a field the reader needs (or whose tag takes more than one byte).
    /// </summary>
    public static byte? HiddenTag(MessageDescriptor type, ulong tag)
    {
        if (tag >= 0x80 || !_byType.TryGetValue(type, out var hiding) || !hiding.Fields.Contains((int)(tag >> 3)))
        {
            return null;
        }

        return (byte)((hiding.UnknownNumber << 3) | (int)(tag & 7));
    }

    private static Dictionary<MessageDescriptor, Hiding> Build()
    {
        var byType = new Dictionary<MessageDescriptor, Hiding>();
        var pending = new Stack<MessageDescriptor>(OnnxReflection.Descriptor.MessageTypes);
        while (pending.TryPop(out var type))
        {
            foreach (var nested in type.NestedTypes)
            {
                pending.Push(nested);
            }

            var fields = type.Fields.InFieldNumberOrder()
                .Where(f => f.Name == "doc_string" || (ReferenceEquals(type, TensorProto.Descriptor) && _tensorValues.Contains(f.Name)))
                .Select(f => f.FieldNumber)
                .ToHashSet();

            // A one-byte tag has a field number of at most 15; a message using all of them keeps its fields.
            if (fields.Count > 0 && Enumerable.Range(1, 15).FirstOrDefault(n => type.FindFieldByNumber(n) is null) is > 0 and var unknown)
            {
                byType[type] = new Hiding(fields, unknown);
            }
        }

        return byType;
    }

    private sealed record Hiding(HashSet<int> Fields, int UnknownNumber);
}
