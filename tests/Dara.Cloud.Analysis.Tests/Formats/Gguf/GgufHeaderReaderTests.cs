using System.Buffers.Binary;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Gguf;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Analysis.Tests.Formats.Gguf;

public sealed class GgufHeaderReaderTests
{
    private const string File = "model-Q4_K_M.gguf";

    private static GgufHeader Parse(byte[] bytes) => GgufHeaderReader.Parse(File, bytes);

    /// <summary>Parses only the header bytes of a file whose tensor data would be large, given its real length.</summary>
    private static GgufHeader ParseHeader(GgufBuilder builder) =>
        GgufHeaderReader.Parse(File, builder.ToHeaderBytes(), builder.FileLength);

    private static ArtifactException Rejects(byte[] bytes)
    {
        var error = Assert.Throws<ArtifactException>(() => Parse(bytes));
        Assert.Equal(File, error.File);
        Assert.DoesNotContain('\n', error.Problem);
        return error;
    }

    private static GgufBuilder Llama() => new GgufBuilder()
        .AddString("general.architecture", "llama")
        .AddString("general.name", "Tiny Llama")
        .AddString("general.size_label", "8x7B")
        .AddUInt32("general.file_type", 15)
        .AddUInt32("general.quantization_version", 2)
        .AddTensor("token_embd.weight", "Q4_K", 32000, 4096)
        .AddTensor("blk.0.attn_norm.weight", "F32", 4096)
        .AddTensor("output.weight", "Q6_K", 32000, 4096);

    [Fact]
    public void A_built_file_round_trips_its_header()
    {
        var builder = Llama();

        var header = ParseHeader(builder);

        Assert.Equal(3u, header.Version);
        Assert.Equal("llama", header.Architecture);
        Assert.Equal("Tiny Llama", header.Name);
        Assert.Equal("8x7B", header.SizeLabel);
        Assert.Equal("Q4_K_M", header.FileTypeName);
        Assert.Equal(32u, header.Alignment);
        Assert.Equal(builder.DataOffset, header.DataOffset);
        Assert.Equal(0, header.DataOffset % 32);
        Assert.Equal(builder.FileLength, header.FileLength);
        Assert.False(header.IsBigEndian);
        Assert.Equal(["token_embd.weight", "blk.0.attn_norm.weight", "output.weight"], header.Tensors.Select(t => t.Name));
        Assert.Equal(["Q4_K", "F32", "Q6_K"], header.Tensors.Select(t => t.GgmlType));
    }

    [Fact]
    public void Shapes_are_outermost_first_and_byte_sizes_follow_the_ggml_type_table()
    {
        var header = ParseHeader(Llama());
        var embedding = header.Tensors[0];

        Assert.Equal([32000L, 4096L], embedding.Shape);
        Assert.Equal(73_728_000, embedding.ByteSize); // formats.md §2.3 example
        Assert.Equal(4096 * 4, header.Tensors[1].ByteSize);
        Assert.Equal(32000L * 4096 / 256 * 210, header.Tensors[2].ByteSize);
        Assert.Equal([0L, 73_728_000L, 73_728_000L + 16_384L], header.Tensors.Select(t => t.Offset));
        Assert.Equal(["token_embd.weight", "Q4_K"], [embedding.ToSpec().Name, embedding.ToSpec().DType]);
    }

    [Fact]
    public void Every_metadata_value_type_is_read_back()
    {
        var bytes = new GgufBuilder()
            .Add("u8", GgufValue.UInt8(200))
            .Add("i8", GgufValue.Int8(-100))
            .Add("u16", GgufValue.UInt16(60_000))
            .Add("i16", GgufValue.Int16(-30_000))
            .Add("u32", GgufValue.UInt32(4_000_000_000))
            .Add("i32", GgufValue.Int32(-2_000_000_000))
            .Add("u64", GgufValue.UInt64(ulong.MaxValue))
            .Add("i64", GgufValue.Int64(long.MinValue))
            .Add("f32", GgufValue.Float32(0.5f))
            .Add("f64", GgufValue.Float64(1e-300))
            .Add("yes", GgufValue.Bool(true))
            .Add("no", GgufValue.Bool(false))
            .Add("text", GgufValue.String("héllo {{ chat }}"))
            .Add("empty", GgufValue.String(""))
            .ToBytes();

        var metadata = Parse(bytes).Metadata;

        Assert.Equal(200L, metadata["u8"]);
        Assert.Equal(-100L, metadata["i8"]);
        Assert.Equal(60_000L, metadata["u16"]);
        Assert.Equal(-30_000L, metadata["i16"]);
        Assert.Equal(4_000_000_000L, metadata["u32"]);
        Assert.Equal(-2_000_000_000L, metadata["i32"]);
        Assert.Equal(ulong.MaxValue, metadata["u64"]);
        Assert.Equal(long.MinValue, metadata["i64"]);
        Assert.Equal(0.5, metadata["f32"]);
        Assert.Equal(1e-300, metadata["f64"]);
        Assert.Equal(true, metadata["yes"]);
        Assert.Equal(false, metadata["no"]);
        Assert.Equal("héllo {{ chat }}", metadata["text"]);
        Assert.Equal("", metadata["empty"]);
    }

    [Fact]
    public void Integer_helpers_accept_any_integer_type()
    {
        var header = Parse(new GgufBuilder()
            .Add("llama.context_length", GgufValue.UInt64(4096))
            .Add("llama.block_count", GgufValue.UInt32(32))
            .Add("huge", GgufValue.UInt64(ulong.MaxValue))
            .AddString("general.architecture", "llama")
            .ToBytes());

        Assert.Equal(4096, header.GetInteger("llama.context_length"));
        Assert.Equal(32, header.GetInteger("llama.block_count"));
        Assert.Null(header.GetInteger("huge"));
        Assert.Null(header.GetInteger("general.architecture"));
        Assert.Equal("llama", header.GetString("general.architecture"));
        Assert.Null(header.GetString("missing"));
    }

    [Fact]
    public void Small_arrays_are_kept_and_may_nest()
    {
        var bytes = new GgufBuilder()
            .Add("general.languages", GgufValue.Strings(["en", "fr"]))
            .Add("scores", GgufValue.Float32s([1.5f, -2f]))
            .Add("nested", GgufValue.Array(GgufValueType.Array,
                GgufValue.Int32s([1, 2]),
                GgufValue.Array(GgufValueType.Bool, GgufValue.Bool(true))))
            .Add("none", GgufValue.Array(GgufValueType.UInt8))
            .ToBytes();

        var metadata = Parse(bytes).Metadata;

        Assert.Equal(["en", "fr"], (IReadOnlyList<object>)metadata["general.languages"]);
        Assert.Equal([1.5, -2.0], (IReadOnlyList<object>)metadata["scores"]);
        var nested = (IReadOnlyList<object>)metadata["nested"];
        Assert.Equal([1L, 2L], (IReadOnlyList<object>)nested[0]);
        Assert.Equal([true], (IReadOnlyList<object>)nested[1]);
        Assert.Empty((IReadOnlyList<object>)metadata["none"]);
    }

    [Fact]
    public void Nested_arrays_keep_at_most_64_elements_per_value_in_all_so_nesting_cannot_multiply_them()
    {
        // 64 × 64 × 64 × 64 bytes, each array within the per-array cap, kept 16.7 million boxed values (1.6 GB).
        var leaf = GgufValue.Array(GgufValueType.UInt8, Enumerable.Repeat(GgufValue.UInt8(7), 64).ToArray());
        var value = leaf;
        for (var level = 0; level < 3; level++)
        {
            value = GgufValue.Array(GgufValueType.Array, Enumerable.Repeat(value, 64).ToArray());
        }

        var kept = (IReadOnlyList<object>)Parse(new GgufBuilder().Add("nested", value).AddString("after", "still read").ToBytes()).Metadata["nested"];

        Assert.Equal(64, kept.Count);
        Assert.All(kept, element => Assert.Equal(new GgufArraySummary("ARRAY", 64), element));
    }

    [Fact]
    public void A_150k_token_vocabulary_is_summarized_and_what_follows_is_still_read()
    {
        var vocabulary = Enumerable.Range(0, 150_000).Select(i => $"tok{i}").ToArray();
        var bytes = new GgufBuilder()
            .Add("tokenizer.ggml.tokens", GgufValue.Strings(vocabulary))
            .Add("tokenizer.ggml.token_type", GgufValue.Int32s(Enumerable.Repeat(1, 150_000)))
            .Add("tokenizer.ggml.merges", GgufValue.Array(GgufValueType.Array,
                Enumerable.Range(0, 100).Select(_ => GgufValue.Strings(["a", "b"])).ToArray()))
            .AddString("general.architecture", "qwen2")
            .AddTensor("output.weight", "Q8_0", 150_000, 64)
            .ToBytes();

        var header = Parse(bytes);

        Assert.Equal(new GgufArraySummary("STRING", 150_000), header.Metadata["tokenizer.ggml.tokens"]);
        Assert.Equal(new GgufArraySummary("INT32", 150_000), header.Metadata["tokenizer.ggml.token_type"]);
        Assert.Equal(new GgufArraySummary("ARRAY", 100), header.Metadata["tokenizer.ggml.merges"]);
        Assert.Equal("qwen2", header.Architecture);
        Assert.Equal([150_000L, 64L], Assert.Single(header.Tensors).Shape);
    }

    [Fact]
    public void A_custom_alignment_places_the_data_section_and_offsets()
    {
        var builder = new GgufBuilder()
            .WithAlignment(64)
            .AddTensor("a", "F32", 3)
            .AddTensor("b", "F16", 5);

        var header = Parse(builder.ToBytes());

        Assert.Equal(64u, header.Alignment);
        Assert.Equal(0, header.DataOffset % 64);
        Assert.Equal([0L, 64L], header.Tensors.Select(t => t.Offset));
    }

    [Fact]
    public void Version_2_files_are_read()
    {
        Assert.Equal(2u, ParseHeader(Llama().WithVersion(2)).Version);
    }

    [Fact]
    public void A_big_endian_file_is_detected_and_read_like_its_little_endian_twin()
    {
        var vocabulary = GgufValue.Strings(Enumerable.Range(0, 100).Select(i => $"t{i}"));
        var little = ParseHeader(Llama().Add("tokens", vocabulary).Add("f", GgufValue.Float64(2.5)));

        var big = ParseHeader(Llama().Add("tokens", vocabulary).Add("f", GgufValue.Float64(2.5)).BigEndian());

        Assert.True(big.IsBigEndian);
        Assert.Equal(3u, big.Version);
        Assert.Equal(little.Metadata.OrderBy(p => p.Key), big.Metadata.OrderBy(p => p.Key));
        Assert.Equal(little.Tensors, big.Tensors, (x, y) => x.Name == y.Name && x.Shape.SequenceEqual(y.Shape) && x.ByteSize == y.ByteSize);
    }

    [Theory]
    [InlineData(1u, "GGUF version 1 is not supported")]
    [InlineData(4u, "unsupported GGUF version 4")]
    [InlineData(0x0001_0003u, "unsupported GGUF version 65539")]
    public void Versions_other_than_2_and_3_are_rejected(uint version, string expected)
    {
        Assert.StartsWith(expected, Rejects(Llama().WithVersion(version).ToHeaderBytes()).Problem);
    }

    [Fact]
    public void A_file_with_the_wrong_magic_is_rejected()
    {
        var error = Rejects(Llama().WithMagic("GGML"u8.ToArray()).ToHeaderBytes());

        Assert.Equal("not a GGUF file: it starts with 47474D4C instead of 'GGUF' (47475546)", error.Problem);
    }

    [Fact]
    public void Every_truncation_of_the_header_is_rejected_as_such()
    {
        var header = Llama().Add("tokens", GgufValue.Strings(["a", "bb", "ccc"])).ToHeaderBytes();

        for (var length = 0; length < header.Length; length++)
        {
            // Cut inside a value it reads as "ends inside the header"; cut before the declared entries, the counts
            // alone are already impossible.
            var error = Rejects(header[..length]);
            Assert.True(
                error.Problem.Contains("inside the GGUF header", StringComparison.Ordinal)
                || error.Problem.Contains("remain", StringComparison.Ordinal)
                || error.Problem.Contains("cannot fit", StringComparison.Ordinal),
                $"cut at {length}: {error.Problem}");
        }
    }

    [Fact]
    public void A_header_without_its_tensor_data_is_rejected()
    {
        var error = Rejects(Llama().ToHeaderBytes());

        Assert.Contains("extends beyond the end of the", error.Problem);
    }

    [Fact]
    public void Only_the_header_of_a_prefix_is_needed_when_the_file_length_is_given()
    {
        var builder = Llama();

        var header = GgufHeaderReader.Parse(File, builder.ToHeaderBytes(), builder.FileLength);
        var error = Assert.Throws<ArtifactException>(() => GgufHeaderReader.Parse(File, builder.ToHeaderBytes()[..100], builder.FileLength));

        Assert.Equal(builder.FileLength, header.FileLength);
        Assert.StartsWith("the GGUF header goes on past the 100 bytes given", error.Problem);
    }

    [Theory]
    [InlineData(1UL << 60, 5UL, "declares 1152921504606846976 tensors")]
    [InlineData(3UL, 1UL << 60, "declares 1152921504606846976 metadata entries")]
    [InlineData(500_000UL, 5UL, "need at least 12000065 bytes")]
    [InlineData(3UL, 90_000UL, "need at least 1170072 bytes")]
    public async Task Absurd_counts_are_rejected_at_once(ulong tensors, ulong entries, string expected)
    {
        var builder = Llama().WithTensorCount(tensors).WithMetadataCount(entries);
        var source = new InMemoryArtifactSource().Add(File, builder.ToHeaderBytes());

        var error = await Assert.ThrowsAsync<ArtifactException>(() => GgufHeaderReader.ReadAsync(source, File, CancellationToken.None));

        Assert.Contains(expected, error.Problem);
        Assert.Equal(1, source.Statistics.Reads);
    }

    [Fact]
    public void An_absurd_array_length_is_rejected_without_reading_it()
    {
        var count = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(count, (uint)GgufValueType.UInt8);
        BinaryPrimitives.WriteUInt64LittleEndian(count.AsSpan(4), 1UL << 60);

        var error = Rejects(new GgufBuilder().Add("tokens", GgufValue.Raw((uint)GgufValueType.Array, count)).ToBytes());

        Assert.Contains("is an array of 1152921504606846976 elements", error.Problem);
    }

    [Fact]
    public void An_array_too_long_to_fit_in_the_file_is_rejected_before_reading_it()
    {
        var count = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(count, (uint)GgufValueType.UInt64);
        BinaryPrimitives.WriteUInt64LittleEndian(count.AsSpan(4), 900_000);

        var error = Rejects(new GgufBuilder().Add("scores", GgufValue.Raw((uint)GgufValueType.Array, count)).ToBytes());

        Assert.Contains("cannot fit", error.Problem);
    }

    [Fact]
    public void A_general_architecture_megabytes_long_is_refused_naming_the_file()
    {
        var error = Rejects(new GgufBuilder().AddString("general.architecture", new string('a', 9_000_000)).ToBytes());

        Assert.Equal("general.architecture is 9,000,000 characters long; a type, class or operator name is an identifier of at most 256", error.Problem);
    }

    [Fact]
    public void A_huge_string_length_is_rejected()
    {
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, 1UL << 60);

        var error = Rejects(new GgufBuilder().Add("chat", GgufValue.Raw((uint)GgufValueType.String, length)).ToBytes());

        Assert.Contains("has a string of 1152921504606846976 bytes", error.Problem);
    }

    [Fact]
    public void A_huge_key_length_is_rejected()
    {
        var bytes = new GgufBuilder().AddString("k", "v").ToBytes();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), 70_000);

        Assert.Contains("metadata key at byte 24 is 70000 bytes long", Rejects(bytes).Problem);
    }

    [Fact]
    public void Unknown_value_types_are_rejected()
    {
        var error = Rejects(new GgufBuilder().Add("weird", GgufValue.Raw(13, [0, 0, 0, 0])).ToBytes());

        Assert.Equal("GGUF metadata 'weird' has unknown value type id 13", error.Problem);
    }

    [Fact]
    public void Bool_values_other_than_0_and_1_are_rejected()
    {
        var error = Rejects(new GgufBuilder().Add("flag", GgufValue.Raw((uint)GgufValueType.Bool, [7])).ToBytes());

        Assert.Contains("has BOOL value 7", error.Problem);
    }

    [Fact]
    public void Arrays_nested_deeper_than_4_are_rejected()
    {
        var value = GgufValue.Array(GgufValueType.UInt8, GgufValue.UInt8(1));
        for (var i = 0; i < 4; i++)
        {
            value = GgufValue.Array(GgufValueType.Array, value);
        }

        Assert.Contains("nests arrays deeper than 4 levels", Rejects(new GgufBuilder().Add("deep", value).ToBytes()).Problem);
    }

    [Fact]
    public void Duplicate_keys_and_tensor_names_are_rejected()
    {
        Assert.Contains("has the key 'a' twice", Rejects(new GgufBuilder().AddString("a", "1").AddString("a", "2").ToBytes()).Problem);
        Assert.Contains("tensor 't' is listed twice", Rejects(new GgufBuilder().AddTensor("t", "F32", 8).AddTensor("t", "F32", 8).ToBytes()).Problem);
    }

    [Theory]
    [InlineData(4u, "uses ggml type 4 (Q4_2), which was removed from the format")]
    [InlineData(36u, "uses ggml type 36 (IQ4_NL_4_4), which was removed from the format")]
    [InlineData(99u, "uses unknown ggml type id 99")]
    public void Removed_and_unknown_ggml_types_are_rejected(uint typeId, string expected)
    {
        var bytes = new GgufBuilder().AddRawTensor("t", typeId, [32], 0, 32).ToBytes();

        Assert.EndsWith(expected, Rejects(bytes).Problem);
    }

    [Fact]
    public void A_misaligned_tensor_offset_is_rejected()
    {
        var bytes = new GgufBuilder().AddTensor("a", "F32", 8).AddRawTensor("b", 0, [8], 40, 32).ToBytes();

        Assert.Equal("GGUF tensor 'b' offset 40 is not a multiple of the 32-byte alignment", Rejects(bytes).Problem);
    }

    [Fact]
    public void An_offset_beyond_any_file_is_rejected()
    {
        var bytes = new GgufBuilder().AddRawTensor("t", 0, [8], 1UL << 63).ToHeaderBytes();

        Assert.Equal("GGUF tensor 't' offset 9223372036854775808 is beyond any file", Rejects(bytes).Problem);
    }

    [Fact]
    public void A_tensor_beyond_the_end_of_the_file_is_rejected()
    {
        var bytes = new GgufBuilder().AddTensor("a", "F32", 8).ToBytes();
        var withFarTensor = new GgufBuilder().AddTensor("a", "F32", 8).AddRawTensor("b", 0, [8], 1UL << 40).ToHeaderBytes();

        Assert.Contains("'b' (32 bytes at data offset 1099511627776) extends beyond the end", Rejects([.. withFarTensor, .. new byte[64]]).Problem);
        Assert.Single(Parse(bytes).Tensors);
    }

    [Fact]
    public void Rows_must_hold_whole_quantization_blocks()
    {
        var bytes = new GgufBuilder().AddRawTensor("t", 12, [100, 4], 0, 1024).ToBytes();

        Assert.Contains("rows of 100 elements, not a multiple of the Q4_K block size 256", Rejects(bytes).Problem);
    }

    [Fact]
    public void Too_many_dimensions_or_too_large_a_dimension_is_rejected()
    {
        Assert.Contains("has 9 dimensions", Rejects(new GgufBuilder().AddRawTensor("t", 0, [1, 1, 1, 1, 1, 1, 1, 1, 1], 0, 4).ToBytes()).Problem);
        Assert.Contains("larger than 2^32", Rejects(new GgufBuilder().AddRawTensor("t", 0, [(1UL << 32) + 1], 0, 4).ToBytes()).Problem);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(12u)]
    public void An_alignment_that_is_not_a_power_of_two_is_rejected(uint alignment)
    {
        var bytes = new GgufBuilder().AddUInt32("general.alignment", alignment).ToBytes();

        Assert.Equal($"general.alignment {alignment} is not a power of two", Rejects(bytes).Problem);
    }

    [Fact]
    public void An_alignment_that_is_a_string_of_many_lines_is_rejected_in_one_short_line()
    {
        var bytes = new GgufBuilder().AddString("general.alignment", string.Concat(Enumerable.Repeat("x\n", 1000))).ToBytes();

        var problem = Rejects(bytes).Problem;

        Assert.StartsWith("general.alignment 'x x x ", problem, StringComparison.Ordinal);
        Assert.EndsWith("…' is not a power of two", problem, StringComparison.Ordinal);
        Assert.InRange(problem.Length, 1, 200);
    }

    [Fact]
    public void An_alignment_that_is_an_array_is_described_not_printed_as_a_type_name()
    {
        var bytes = new GgufBuilder().Add("general.alignment", GgufValue.Strings(["32", "64"])).ToBytes();

        Assert.Equal("general.alignment (an array of 2 values) is not a power of two", Rejects(bytes).Problem);
    }

    [Fact]
    public void Unknown_file_types_have_no_name()
    {
        Assert.Null(Parse(new GgufBuilder().AddUInt32("general.file_type", 1024).ToBytes()).FileTypeName);
        Assert.Equal("F16", Parse(new GgufBuilder().AddUInt32("general.file_type", 1).ToBytes()).FileTypeName);
        Assert.Null(Parse(new GgufBuilder().ToBytes()).FileTypeName);
    }

    [Fact]
    public async Task A_remote_file_is_read_in_chunks_only_as_far_as_its_header()
    {
        var builder = new GgufBuilder()
            .Add("tokenizer.ggml.tokens", GgufValue.Strings(Enumerable.Range(0, 20_000).Select(i => $"token{i}")))
            .AddString("general.architecture", "gpt2")
            .AddTensor("token_embd.weight", "F16", 20_000, 256);
        var bytes = builder.ToBytes();
        var source = new InMemoryArtifactSource().Add(File, bytes);
        var options = new GgufReadOptions(ChunkSize: 16 * 1024);

        var header = await GgufHeaderReader.ReadAsync(source, File, options, CancellationToken.None);

        Assert.Equal(bytes.Length, header.FileLength);
        Assert.Equal("gpt2", header.Architecture);
        Assert.Equal(new GgufArraySummary("STRING", 20_000), header.Metadata["tokenizer.ggml.tokens"]);
        Assert.True(source.Statistics.Reads > 1);
        Assert.True(source.Statistics.BytesRead < builder.DataOffset + options.ChunkSize);
        Assert.All(source.RangeReads.Zip(source.RangeReads.Skip(1)), pair => Assert.Equal(pair.First.Offset + pair.First.Returned, pair.Second.Offset));
    }

    [Fact]
    public async Task A_header_larger_than_the_read_cap_is_rejected()
    {
        // 100 strings of 300 bytes: the minimal-size check passes, the real header does not fit in 16 KiB.
        var bytes = new GgufBuilder().Add("tokens", GgufValue.Strings(Enumerable.Range(0, 100).Select(i => new string('t', 300)))).ToBytes();
        var source = new InMemoryArtifactSource().Add(File, bytes);

        var error = await Assert.ThrowsAsync<ArtifactException>(() =>
            GgufHeaderReader.ReadAsync(source, File, new GgufReadOptions(ChunkSize: 4096, MaxHeaderBytes: 16 * 1024), CancellationToken.None));

        Assert.Contains("read limit", error.Problem);
        Assert.True(source.Statistics.BytesRead <= 16 * 1024);
    }

    [Fact]
    public void Every_table_type_builds_and_reads_back_with_its_size()
    {
        var builder = new GgufBuilder();
        foreach (var type in GgmlTypes.All)
        {
            builder.AddTensor($"t.{type.Name}", type.Name, 2, type.BlockSize * 2);
        }

        var header = Parse(builder.ToBytes());

        Assert.Equal(GgmlTypes.All.Select(t => t.Name), header.Tensors.Select(t => t.GgmlType));
        Assert.Equal(GgmlTypes.All.Select(t => 4L * t.TypeSize), header.Tensors.Select(t => t.ByteSize));
    }
}
