using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Gguf;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Analysis.Formats.WeightMaps;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Analysis.Tests.Formats;

/// <summary>
/// Property tests: whatever bytes a reader is given — random, or a valid file with bytes flipped, overwritten,
/// cut short or replaced by extreme numbers — it returns a result or throws <see cref="ArtifactException"/>;
/// never another exception, never a hang.
/// </summary>
public sealed class ReaderRobustnessTests
{
    private const int Iterations = 10_000;

    // Values that stress length and count fields when written over 8 bytes of a file.
    private static readonly ulong[] _extremes = [0, 1, 7, 8, 64, 255, 0x7FFF_FFFF, 0xFFFF_FFFF, 1UL << 53, 1UL << 60, long.MaxValue, ulong.MaxValue];

    private static readonly byte[] _safetensors = new SafetensorsBuilder()
        .WithMetadata("format", "pt")
        .Add("embed.weight", "BF16", 4, 3)
        .Add("packed", "F4", 6)
        .Add("scale", "F8_E8M0", 2)
        .Add("scalar", "F32")
        .ToBytes();

    private static readonly byte[] _weightMap = Encoding.UTF8.GetBytes("""
        {"metadata":{"total_size":"123","total_parameters":45},"dtype":"bfloat16",
         "weight_map":{"a.weight":"model-00001-of-00002.safetensors","b.weight":"model-00002-of-00002.safetensors",
                       "c.bias":"model-00001-of-00002.safetensors"}}
        """);

    private static readonly byte[] _gguf = new GgufBuilder()
        .AddString("general.architecture", "llama")
        .Add("u8", GgufValue.UInt8(1))
        .Add("i16", GgufValue.Int16(-2))
        .Add("u64", GgufValue.UInt64(3))
        .Add("f32", GgufValue.Float32(0.5f))
        .Add("f64", GgufValue.Float64(0.25))
        .Add("flag", GgufValue.Bool(true))
        .Add("nested", GgufValue.Array(GgufValueType.Array, GgufValue.Int32s([1, 2]), GgufValue.Strings(["x"])))
        .Add("tokens", GgufValue.Strings(Enumerable.Range(0, 70).Select(i => $"t{i}")))
        .AddUInt32("general.file_type", 15)
        .AddTensor("blk.0.attn_q.weight", "Q4_0", 2, 32)
        .AddTensor("output_norm.weight", "F32", 8)
        .ToBytes();

    /// <summary>Mutations of a valid file: (kind, position, value) applied in turn.</summary>
    private static Gen<byte[]> Mutations(byte[] valid) =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, valid.Length - 1], Gen.Byte).Array[1, 4]
            .Select(operations => Apply(valid, operations));

    private static byte[] Apply(byte[] valid, (int Kind, int Position, byte Value)[] operations)
    {
        var bytes = valid.ToArray();
        foreach (var (kind, position, value) in operations)
        {
            if (position >= bytes.Length)
            {
                continue;
            }

            switch (kind)
            {
                case 0:
                    bytes[position] ^= (byte)(value | 1);
                    break;
                case 1:
                    bytes[position] = value;
                    break;
                case 2:
                    bytes = bytes[..position];
                    break;
                default:
                    var at = Math.Min(position, Math.Max(0, bytes.Length - 8));
                    if (bytes.Length >= 8)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), _extremes[value % _extremes.Length]);
                    }

                    break;
            }
        }

        return bytes;
    }

    /// <summary>Random text over JSON's punctuation, digits and a few letters: mostly broken JSON, sometimes not.</summary>
    private static readonly Gen<string> _jsonish = Gen.Char["{}[]\":,.-+eE0123456789 atrufnlsdh_\\"].Array[0, 120]
        .Select(chars => new string(chars));

    private static void Survives(Action read)
    {
        try
        {
            read();
        }
        catch (ArtifactException)
        {
            // The one acceptable failure: a clear message about the file.
        }
    }

    private static void ReadSafetensors(byte[] bytes)
    {
        Survives(() => SafetensorsHeaderReader.ParseFile("m.safetensors", bytes));
        var source = new InMemoryArtifactSource().Add("m.safetensors", bytes);
        Survives(() => SafetensorsHeaderReader.ReadAsync(source, "m.safetensors", CancellationToken.None).GetAwaiter().GetResult());
        Assert.True(source.Statistics.Reads <= 2);
    }

    private static void ReadGguf(byte[] bytes)
    {
        Survives(() => GgufHeaderReader.Parse("m.gguf", bytes));
        var source = new InMemoryArtifactSource().Add("m.gguf", bytes);
        var smallChunks = new GgufReadOptions(ChunkSize: 64);
        Survives(() => GgufHeaderReader.ReadAsync(source, "m.gguf", smallChunks, CancellationToken.None).GetAwaiter().GetResult());
    }

    [Fact]
    public void The_seed_files_are_valid()
    {
        Assert.Equal(4, SafetensorsHeaderReader.ParseFile("m.safetensors", _safetensors).Tensors.Count);
        Assert.Equal(3, WeightMapReader.Parse("m.safetensors.index.json", _weightMap).TensorToShard.Count);
        Assert.Equal(2, GgufHeaderReader.Parse("m.gguf", _gguf).Tensors.Count);
    }

    [Fact]
    public void Safetensors_reader_survives_random_bytes() =>
        Gen.Byte.Array[0, 200].Sample(ReadSafetensors, iter: Iterations);

    [Fact]
    public void Safetensors_reader_survives_mutated_files() =>
        Mutations(_safetensors).Sample(ReadSafetensors, iter: Iterations);

    [Fact]
    public void Safetensors_reader_survives_random_header_text() =>
        _jsonish.Sample(json => ReadSafetensors(new SafetensorsBuilder().WithHeaderJson(json).ToBytes()), iter: Iterations);

    [Fact]
    public void Weight_map_reader_survives_random_bytes() =>
        Gen.Byte.Array[0, 200].Sample(bytes => Survives(() => WeightMapReader.Parse("m.safetensors.index.json", bytes)), iter: Iterations);

    [Fact]
    public void Weight_map_reader_survives_mutated_indexes() =>
        Mutations(_weightMap).Sample(bytes => Survives(() => WeightMapReader.Parse("m.safetensors.index.json", bytes)), iter: Iterations);

    [Fact]
    public void Weight_map_reader_survives_random_json_text() =>
        _jsonish.Sample(
            json => Survives(() => WeightMapReader.Parse("m.bin.index.json", Encoding.UTF8.GetBytes("{\"weight_map\":" + json))),
            iter: Iterations);

    [Fact]
    public void Gguf_reader_survives_random_bytes() =>
        Gen.Byte.Array[0, 200].Select(tail => (byte[])[.. "GGUF"u8, 3, 0, 0, 0, .. tail]).Sample(ReadGguf, iter: Iterations);

    [Fact]
    public void Gguf_reader_survives_mutated_files() =>
        Mutations(_gguf).Sample(ReadGguf, iter: Iterations);
}
