using System.Buffers.Binary;
using System.Text;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Analysis.Tests.Formats.Safetensors;

public sealed class SafetensorsHeaderReaderTests
{
    private const string File = "model.safetensors";

    /// <summary>The 84-byte file of the Rust crate's doctest (formats.md §1.1).</summary>
    private static byte[] MinimalFile()
    {
        var json = Encoding.UTF8.GetBytes("""{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}""");
        var bytes = new byte[8 + json.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    private static SafetensorsHeader Parse(byte[] file) => SafetensorsHeaderReader.ParseFile(File, file);

    private static ArtifactException Rejects(byte[] file)
    {
        var error = Assert.Throws<ArtifactException>(() => Parse(file));
        Assert.Equal(File, error.File);
        Assert.DoesNotContain('\n', error.Problem);
        return error;
    }

    private static ArtifactException RejectsHeader(string json) =>
        Rejects(new SafetensorsBuilder().WithHeaderJson(json).ToBytes());

    [Fact]
    public void The_minimal_84_byte_file_parses()
    {
        var bytes = MinimalFile();
        Assert.Equal(84, bytes.Length);

        var header = Parse(bytes);

        Assert.Equal(60, header.HeaderLength);
        Assert.Equal(84, header.FileLength);
        Assert.Empty(header.Metadata);
        var tensor = Assert.Single(header.Tensors);
        Assert.Equal(new SafetensorsTensor("test", "I32", tensor.Shape, 0, 16), tensor);
        Assert.Equal([2L, 2L], tensor.Shape);
    }

    [Fact]
    public void Built_files_round_trip_with_metadata_and_header_order()
    {
        var bytes = new SafetensorsBuilder()
            .WithMetadata("format", "pt")
            .Add("b.weight", "BF16", 3, 4)
            .Add("a.bias", "F32", 4)
            .Add("scalar", "F64")
            .Add("empty", "U8", 0, 7)
            .ToBytes();

        var header = Parse(bytes);

        Assert.Equal("pt", header.Metadata["format"]);
        Assert.Equal(["b.weight", "a.bias", "scalar", "empty"], header.Tensors.Select(t => t.Name));
        Assert.Equal(["BF16", "F32", "F64", "U8"], header.Tensors.Select(t => t.DType));
        Assert.Equal([(0L, 24L), (24L, 40L), (40L, 48L), (48L, 48L)], header.Tensors.Select(t => (t.Begin, t.End)));
        Assert.Empty(header.Tensors[2].Shape);
        Assert.Equal(bytes.Length, header.FileLength);
    }

    [Fact]
    public void Header_entries_in_any_order_are_validated_by_offset_and_returned_in_header_order()
    {
        var bytes = new SafetensorsBuilder()
            .AddWithOffsets("second", "F32", [2], 8, 16)
            .AddWithOffsets("first", "F32", [2], 0, 8)
            .ToBytes();

        var header = Parse(bytes);

        Assert.Equal(["second", "first"], header.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void A_file_shorter_than_8_bytes_is_rejected()
    {
        var error = Rejects([1, 0, 0, 0, 0]);
        Assert.Contains("5 bytes long", error.Problem);
    }

    [Fact]
    public void A_header_length_over_100_MiB_is_rejected()
    {
        var bytes = new SafetensorsBuilder().Add("w", "F32", 1).WithDeclaredHeaderLength(100 * 1024 * 1024 + 1).ToBytes();

        var error = Rejects(bytes);

        Assert.Contains("exceeds the 100 MiB limit", error.Problem);
    }

    [Fact]
    public void Header_length_beyond_the_file_is_rejected()
    {
        var bytes = MinimalFile();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 9_999_999);

        var error = Rejects(bytes);

        Assert.Equal("header length 9999999 is beyond the end of the 84-byte file", error.Problem);
    }

    [Fact]
    public void A_header_that_is_not_utf8_is_rejected()
    {
        var bytes = MinimalFile();
        bytes[10] = 0xFF;

        Assert.Contains("not valid UTF-8", Rejects(bytes).Problem);
    }

    [Theory]
    [InlineData("{\"test\":")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}} x")]
    [InlineData("")]
    [InlineData("{'a':1}")]
    public void A_header_that_is_not_json_is_rejected(string json)
    {
        Assert.StartsWith("header is not valid JSON", RejectsHeader(json).Problem);
    }

    [Fact]
    public void A_header_padded_with_nul_bytes_instead_of_spaces_is_rejected()
    {
        var json = """{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}""" + "\0\0\0\0";
        var bytes = new SafetensorsBuilder().WithHeaderJson(json).WithoutPadding().WithExtraDataBytes(16).ToBytes();

        Assert.StartsWith("header is not valid JSON", Rejects(bytes).Problem);
    }

    [Fact]
    public void Json_nested_deeper_than_64_levels_is_rejected_with_a_clear_message()
    {
        var deep = new string('[', 70) + new string(']', 70);
        var error = RejectsHeader($"{{\"a\":{{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":{deep}}}}}");

        Assert.Equal("header JSON is nested deeper than 64 levels", error.Problem);
    }

    [Fact]
    public void Unknown_fields_are_ignored_even_when_nested()
    {
        // 3 levels are the root, the tensor and "x" itself: 60 more stay within 64.
        var nested = new string('[', 60) + new string(']', 60);
        var json = $"{{\"a\":{{\"dtype\":\"F32\",\"shape\":[1],\"extra\":{{\"k\":[1,2]}},\"x\":{nested},\"data_offsets\":[0,4]}}}}";
        var bytes = new SafetensorsBuilder().WithHeaderJson(json).WithExtraDataBytes(4).ToBytes();

        var tensor = Assert.Single(Parse(bytes).Tensors);

        Assert.Equal(4, tensor.End);
    }

    [Fact]
    public void A_hole_between_tensors_is_rejected()
    {
        var bytes = new SafetensorsBuilder()
            .AddWithOffsets("a", "F32", [1], 0, 4)
            .AddWithOffsets("b", "F32", [1], 8, 12)
            .ToBytes();

        Assert.Equal("tensor 'b' begins at data byte 8 but the previous tensor ends at 4, leaving a hole", Rejects(bytes).Problem);
    }

    [Fact]
    public void Data_not_starting_at_offset_zero_is_rejected()
    {
        var bytes = new SafetensorsBuilder().AddWithOffsets("a", "F32", [1], 4, 8).ToBytes();

        Assert.Contains("leaving a hole", Rejects(bytes).Problem);
    }

    [Fact]
    public void Overlapping_tensors_are_rejected()
    {
        var bytes = new SafetensorsBuilder()
            .AddWithOffsets("a", "F32", [2], 0, 8)
            .AddWithOffsets("b", "F32", [2], 4, 12)
            .ToBytes();

        Assert.Contains("overlapping it", Rejects(bytes).Problem);
    }

    [Fact]
    public void Two_tensors_sharing_the_same_bytes_are_rejected()
    {
        var bytes = new SafetensorsBuilder()
            .AddWithOffsets("a", "F32", [1], 0, 4)
            .AddWithOffsets("b", "F32", [1], 0, 4)
            .ToBytes();

        Assert.Contains("overlapping it", Rejects(bytes).Problem);
    }

    [Fact]
    public void Offsets_that_end_before_they_begin_are_rejected()
    {
        var bytes = new SafetensorsBuilder()
            .WithHeaderJson("""{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}""")
            .WithExtraDataBytes(4)
            .ToBytes();

        Assert.Contains("end before they begin", Rejects(bytes).Problem);
    }

    [Fact]
    public void A_span_that_does_not_match_shape_and_dtype_is_rejected()
    {
        var bytes = new SafetensorsBuilder().AddWithOffsets("a", "I32", [2, 2], 0, 12).ToBytes();

        Assert.Equal("tensor 'a' data_offsets span 12 bytes but shape [2, 2] of I32 needs 16", Rejects(bytes).Problem);
    }

    [Fact]
    public void Sub_byte_dtypes_must_fill_whole_bytes()
    {
        Assert.Contains("not a whole number of bytes", Rejects(new SafetensorsBuilder().Add("a", "F4", 3).ToBytes()).Problem);
        Assert.Contains("not a whole number of bytes", Rejects(new SafetensorsBuilder().Add("a", "F6_E2M3", 2).ToBytes()).Problem);
    }

    [Theory]
    [InlineData("F4", 4, 2)]
    [InlineData("F6_E2M3", 4, 3)]
    [InlineData("F6_E3M2", 8, 6)]
    [InlineData("F8_E4M3", 3, 3)]
    [InlineData("C64", 2, 16)]
    [InlineData("BOOL", 5, 5)]
    public void Each_dtype_takes_its_width_in_bits(string dtype, long elements, long bytes)
    {
        var header = Parse(new SafetensorsBuilder().Add("t", dtype, elements).ToBytes());

        Assert.Equal(bytes, header.Tensors[0].End);
    }

    [Theory]
    [InlineData("E8M0", 8)]
    [InlineData("UE8", 8)]
    [InlineData("FP4", 4)]
    public void Non_standard_spellings_seen_on_the_hub_are_accepted_as_spelled(string dtype, int bits)
    {
        var header = Parse(new SafetensorsBuilder().Add("t", dtype, 8).ToBytes());

        Assert.Equal(dtype, header.Tensors[0].DType);
        Assert.Equal(bits, header.Tensors[0].End);
    }

    [Theory]
    [InlineData("F12")]
    [InlineData("f32")]
    [InlineData("")]
    public void An_unknown_dtype_is_rejected(string dtype)
    {
        var bytes = new SafetensorsBuilder().AddWithOffsets("a", dtype, [1], 0, 4).ToBytes();

        Assert.Equal($"tensor 'a' has unknown dtype \"{dtype}\"", Rejects(bytes).Problem);
    }

    [Fact]
    public void Trailing_bytes_after_the_last_tensor_are_rejected()
    {
        var bytes = new SafetensorsBuilder().Add("a", "F32", 1).WithExtraDataBytes(3).ToBytes();

        Assert.Contains("unindexed trailing bytes", Rejects(bytes).Problem);
    }

    [Fact]
    public void A_file_cut_short_inside_the_data_is_rejected()
    {
        var bytes = new SafetensorsBuilder().Add("a", "F32", 4).WithExtraDataBytes(-1).ToBytes();

        Assert.Contains("(truncated)", Rejects(bytes).Problem);
    }

    [Theory]
    [InlineData("""{"format":1}""", "is 1")]
    [InlineData("""{"format":{"a":"b"}}""", "is an object")]
    [InlineData("""{"format":null}""", "is null")]
    [InlineData("""["pt"]""", "not an array")]
    public void Metadata_must_map_strings_to_strings(string metadata, string expected)
    {
        var error = RejectsHeader($$"""{"__metadata__":{{metadata}}}""");

        Assert.Contains(expected, error.Problem);
        Assert.StartsWith("__metadata__", error.Problem);
    }

    [Fact]
    public void Null_metadata_means_none_as_in_the_rust_reader()
    {
        var bytes = new SafetensorsBuilder().WithHeaderJson("""{"__metadata__":null}""").ToBytes();

        var header = Parse(bytes);

        Assert.Empty(header.Metadata);
        Assert.Empty(header.Tensors);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("2.5")]
    [InlineData("1e3")]
    [InlineData("\"4\"")]
    [InlineData("null")]
    [InlineData("9007199254740993")]
    public void Shape_dimensions_must_be_integers_between_0_and_2_pow_53(string dimension)
    {
        var error = RejectsHeader($$$"""{"a":{"dtype":"U8","shape":[{{{dimension}}}],"data_offsets":[0,0]}}""");

        Assert.Contains("not an integer between 0 and 2^53", error.Problem);
        Assert.Contains(dimension.Length <= 40 ? dimension : dimension[..40], error.Problem);
    }

    [Fact]
    public void Negative_data_offsets_are_rejected()
    {
        var error = RejectsHeader("""{"a":{"dtype":"U8","shape":[1],"data_offsets":[-1,0]}}""");

        Assert.Contains("has data offset -1", error.Problem);
    }

    [Theory]
    [InlineData("[0]", "has 1")]
    [InlineData("[0,1,2]", "has more")]
    [InlineData("0", "must be an array")]
    public void Data_offsets_must_be_exactly_two_integers(string offsets, string expected)
    {
        var error = RejectsHeader($$$"""{"a":{"dtype":"U8","shape":[1],"data_offsets":{{{offsets}}}}}""");

        Assert.Contains(expected, error.Problem);
    }

    [Fact]
    public void A_shape_whose_size_overflows_is_rejected()
    {
        var error = RejectsHeader("""{"a":{"dtype":"F64","shape":[9007199254740992,9007199254740992],"data_offsets":[0,0]}}""");

        Assert.Contains("too large to have a byte size", error.Problem);
    }

    [Fact]
    public void A_header_listing_more_than_a_million_tensors_is_refused_naming_the_file()
    {
        // Empty tensors take no data, so a 100 MiB header could list 1.9 million (1.7 GB and 10 s to read and fingerprint).
        var json = new StringBuilder("{");
        for (var i = 0; i <= SafetensorsHeaderReader.MaxTensors; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("\"t").Append(i).Append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }

        var error = RejectsHeader(json.Append('}').ToString());

        Assert.Equal("header lists more than 1,000,000 tensors", error.Problem);
    }

    [Fact]
    public void Duplicate_tensor_names_are_rejected()
    {
        var error = RejectsHeader("""{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}""");

        Assert.Equal("header has the key 'a' twice", error.Problem);
    }

    [Theory]
    [InlineData("a", "b", "c", "b")]
    [InlineData("c", "b", "a", "c")]
    [InlineData("a", "b", "b", "c")]
    public void A_repeated_tensor_name_is_rejected_in_or_out_of_name_order(string first, string second, string third, string fourth)
    {
        // Names in rising order are only compared with the previous one; the set takes over at the first one out of order.
        var names = new[] { first, second, third, fourth };
        var json = "{" + string.Join(",", names.Select((name, i) => $$"""
            "{{name}}":{"dtype":"U8","shape":[1],"data_offsets":[{{i}},{{i + 1}}]}
            """)) + "}";

        var error = RejectsHeader(json);

        Assert.Equal($"header has the key '{names.GroupBy(n => n).First(g => g.Count() > 1).Key}' twice", error.Problem);
    }

    [Fact]
    public void Duplicate_keys_inside_a_tensor_or_the_metadata_are_rejected()
    {
        Assert.Equal(
            "tensor 'a' has the key 'dtype' twice",
            RejectsHeader("""{"a":{"dtype":"U8","dtype":"U8","shape":[1],"data_offsets":[0,1]}}""").Problem);
        Assert.Equal(
            "__metadata__ has the key 'k' twice",
            RejectsHeader("""{"__metadata__":{"k":"1","k":"2"}}""").Problem);
        Assert.Equal(
            "header has the key '__metadata__' twice",
            RejectsHeader("""{"__metadata__":{},"__metadata__":{}}""").Problem);
    }

    [Theory]
    [InlineData("""{"a":{"shape":[1],"data_offsets":[0,1]}}""", "tensor 'a' has no dtype")]
    [InlineData("""{"a":{"dtype":"U8","data_offsets":[0,1]}}""", "tensor 'a' has no shape")]
    [InlineData("""{"a":{"dtype":"U8","shape":[1]}}""", "tensor 'a' has no data_offsets")]
    [InlineData("""{"a":[1]}""", "tensor 'a' must be an object, not an array")]
    [InlineData("""[]""", "header must be a JSON object, not an array")]
    [InlineData("""{"a":{"dtype":8,"shape":[1],"data_offsets":[0,1]}}""", "tensor 'a' dtype must be a string, not 8")]
    public void Malformed_entries_are_rejected_with_what_is_wrong(string json, string expected)
    {
        Assert.Equal(expected, RejectsHeader(json).Problem);
    }

    [Fact]
    public void Escaped_names_and_dtypes_are_read()
    {
        var bytes = new SafetensorsBuilder()
            .WithHeaderJson("""{"caf\u00e9":{"dtype":"F\u0033\u0032","shape":[1],"data_offsets":[0,4]}}""")
            .WithExtraDataBytes(4)
            .ToBytes();

        var tensor = Assert.Single(Parse(bytes).Tensors);

        Assert.Equal("café", tensor.Name);
        Assert.Equal("F32", tensor.DType);
    }

    [Fact]
    public void A_prefix_holding_only_the_header_is_enough_given_the_file_length()
    {
        var builder = new SafetensorsBuilder().Add("w", "F16", 1024, 1024);

        var header = SafetensorsHeaderReader.ParseFile(File, builder.HeaderBytes(), builder.FileLength);

        Assert.Equal(2 * 1024 * 1024, header.Tensors[0].End);
    }

    [Fact]
    public void The_header_length_helper_reads_the_little_endian_prefix()
    {
        Assert.Equal(60UL, SafetensorsHeaderReader.ReadHeaderLength(MinimalFile()));
        Assert.Throws<ArgumentException>(() => SafetensorsHeaderReader.ReadHeaderLength(new byte[7]));
    }
}
