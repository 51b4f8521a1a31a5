using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Dara.Cloud.Analysis.Formats.Safetensors;

/// <summary>
/// Reads the one shape of header JSON that safetensors writers emit — the object of tensor entries
/// <c>{"dtype":…,"shape":[…],"data_offsets":[b,e]}</c>, an optional <c>__metadata__</c> object of strings, plain
/// strings, non-negative integers, padding spaces — in a single forward pass, and declines everything else.
/// </summary>
/// <remarks>
/// Why a second reader: inspecting a model is mostly reading this header, and <see cref="System.Text.Json.Utf8JsonReader"/>'s
/// general tokenizer took about half of that time. Anything unusual (an escape, a fraction, an unknown field, a
/// repeated key, a missing field, an unknown dtype, too many tensors, any syntax error) makes this reader decline, and the full reader
/// reads the header again and gives its message, so the two agree on every input; a property test holds them to it.
/// The caller has checked that the bytes are valid UTF-8.
/// </remarks>
internal ref struct CompactHeaderScanner
{
    private const int MaxSafeIntegerDigits = 16;

    // Bytes that end a plain string early: the quote, an escape, or a control character (which JSON forbids raw).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    private readonly ReadOnlySpan<byte> _json;
    private int _position;

    private CompactHeaderScanner(ReadOnlySpan<byte> json)
    {
        _json = json;
        _position = 0;
    }

    /// <summary>
    /// The entries and metadata of <paramref name="json"/>, or false when it is anything but the plain form
    /// (then nothing is known about it, valid or not).
    /// </summary>
    public static bool TryRead(
        ReadOnlySpan<byte> json,
        List<SafetensorsHeaderEntry> entries,
        Dictionary<string, string> metadata,
        DistinctKeys keys,
        ShapeCache shapes) =>
        new CompactHeaderScanner(json).TryReadRoot(entries, metadata, keys, shapes);

    private bool TryReadRoot(List<SafetensorsHeaderEntry> entries, Dictionary<string, string> metadata, DistinctKeys keys, ShapeCache shapes)
    {
        if (!TrySkip((byte)'{'))
        {
            return false;
        }

        if (!TrySkip((byte)'}'))
        {
            Span<long> dims = stackalloc long[8];
            do
            {
                if (!TryReadString(out var key) || !keys.Add(key) || !TrySkip((byte)':'))
                {
                    return false;
                }

                if (key == SafetensorsHeaderJson.MetadataKey)
                {
                    if (!TryReadMetadata(metadata))
                    {
                        return false;
                    }
                }
                else if (entries.Count < SafetensorsHeaderReader.MaxTensors && TryReadTensor(key, dims, shapes, out var entry))
                {
                    entries.Add(entry);
                }
                else
                {
                    return false;
                }
            }
            while (TrySkip((byte)','));

            if (!TrySkip((byte)'}'))
            {
                return false;
            }
        }

        // Only JSON whitespace may follow the object (writers pad the header with spaces to 8 bytes).
        SkipWhitespace();
        return _position == _json.Length;
    }

    private bool TryReadMetadata(Dictionary<string, string> metadata)
    {
        if (TrySkipLiteral("null"u8))
        {
            return true;
        }

        if (!TrySkip((byte)'{'))
        {
            return false;
        }

        if (TrySkip((byte)'}'))
        {
            return true;
        }

        do
        {
            if (!TryReadString(out var key) || !TrySkip((byte)':') || !TryReadString(out var value) || !metadata.TryAdd(key, value))
            {
                return false;
            }
        }
        while (TrySkip((byte)','));

        return TrySkip((byte)'}');
    }

    private bool TryReadTensor(string name, scoped Span<long> dims, ShapeCache shapes, out SafetensorsHeaderEntry entry)
    {
        entry = default;
        SafetensorsDType? dtype = null;
        long[]? shape = null;
        long begin = -1, end = -1;
        if (!TrySkip((byte)'{'))
        {
            return false;
        }

        do
        {
            // Field names are matched with their colon, as writers put them. A field spaced out, unknown or repeated
            // is left to the full reader.
            if (TrySkipLiteral("\"dtype\":"u8))
            {
                if (dtype is not null || !TryReadStringBytes(out var spelling) || !SafetensorsDTypes.TryFind(spelling, out dtype))
                {
                    return false;
                }
            }
            else if (TrySkipLiteral("\"shape\":"u8))
            {
                if (shape is not null || !TryReadIntegers(dims, out var count))
                {
                    return false;
                }

                shape = shapes.Get(dims[..count]);
            }
            else if (TrySkipLiteral("\"data_offsets\":"u8))
            {
                // The shape has been copied out of dims already, so they can hold the offsets.
                if (begin >= 0 || !TryReadIntegers(dims[..2], out var count) || count != 2)
                {
                    return false;
                }

                (begin, end) = (dims[0], dims[1]);
            }
            else
            {
                return false;
            }
        }
        while (TrySkip((byte)','));

        if (!TrySkip((byte)'}') || dtype is null || shape is null || begin < 0)
        {
            return false;
        }

        entry = new SafetensorsHeaderEntry(new SafetensorsTensor(name, dtype.Name, shape, begin, end), dtype);
        return true;
    }

    /// <summary>An array of at most <paramref name="values"/>.Length integers, each between 0 and 2^53.</summary>
    private bool TryReadIntegers(scoped Span<long> values, out int count)
    {
        count = 0;
        if (!TrySkip((byte)'['))
        {
            return false;
        }

        if (TrySkip((byte)']'))
        {
            return true;
        }

        do
        {
            if (count == values.Length || !TryReadInteger(out values[count]))
            {
                return false;
            }

            count++;
        }
        while (TrySkip((byte)','));

        return TrySkip((byte)']');
    }

    private bool TryReadInteger(out long value)
    {
        SkipWhitespace();
        var rest = _json[_position..];

        // Digits only: 2^53 has 16, so a 17th means too large. A sign, fraction, exponent or leading zero is left to
        // the full reader. (A plain loop: these numbers are short, and there are five per tensor.)
        ulong parsed = 0;
        var digits = 0;
        while (digits < rest.Length && (uint)(rest[digits] - '0') <= 9)
        {
            if (digits == MaxSafeIntegerDigits)
            {
                value = 0;
                return false;
            }

            parsed = (parsed * 10) + (uint)(rest[digits] - '0');
            digits++;
        }

        if (digits == 0
            || (digits > 1 && rest[0] == '0')
            || parsed > (ulong)BoundedJson.MaxSafeInteger
            || (digits < rest.Length && rest[digits] is (byte)'.' or (byte)'e' or (byte)'E'))
        {
            value = 0;
            return false;
        }

        _position += digits;
        value = (long)parsed;
        return true;
    }

    private bool TryReadString(out string text)
    {
        if (!TryReadStringBytes(out var utf8))
        {
            text = string.Empty;
            return false;
        }

        text = Encoding.UTF8.GetString(utf8);
        return true;
    }

    /// <summary>A string without escapes, as its UTF-8 bytes between the quotes.</summary>
    private bool TryReadStringBytes(out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        if (!TrySkip((byte)'"'))
        {
            return false;
        }

        var length = _json[_position..].IndexOfAny(StringStops);
        if (length < 0 || _json[_position + length] != '"')
        {
            return false;
        }

        utf8 = _json.Slice(_position, length);
        _position += length + 1;
        return true;
    }

    /// <summary>Skips whitespace, then <paramref name="expected"/> if it comes next.</summary>
    private bool TrySkip(byte expected)
    {
        SkipWhitespace();
        if (_position < _json.Length && _json[_position] == expected)
        {
            _position++;
            return true;
        }

        return false;
    }

    private bool TrySkipLiteral(ReadOnlySpan<byte> literal)
    {
        SkipWhitespace();
        if (!_json[_position..].StartsWith(literal))
        {
            return false;
        }

        _position += literal.Length;
        return true;
    }

    private void SkipWhitespace()
    {
        while (_position < _json.Length && _json[_position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            _position++;
        }
    }
}
