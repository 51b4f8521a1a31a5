using CsCheck;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Onnx;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Analysis.Tests.Formats.Onnx;

/// <summary>
/// Whatever the bytes, the reader either returns a graph or throws <see cref="ArtifactException"/>, and it
/// finishes quickly: random bytes, and valid models with flipped bits, truncations, overwrites and splices.
/// </summary>
public sealed class OnnxGraphReaderPropertyTests
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(5);

    private static readonly byte[] _sample = OnnxSampleModels.ConvNetWithControlFlow().Opset("com.microsoft", 1).ToBytes();

    [Fact]
    public void Random_bytes_give_a_graph_or_an_ArtifactException()
    {
        Gen.Byte.Array[0, 2048].Sample(ParsesOrRejectsInTime, iter: 3000);
    }

    [Fact]
    public void Random_bytes_behind_a_valid_graph_tag_give_a_graph_or_an_ArtifactException()
    {
        // Starting with ModelProto.graph's tag and a plausible length gets random data past the first field.
        Gen.Byte.Array[0, 1024]
            .Select(tail => (byte[])[0x3A, .. Varint((ulong)tail.Length), .. tail])
            .Sample(ParsesOrRejectsInTime, iter: 2000);
    }

    [Fact]
    public void Mutated_valid_models_give_a_graph_or_an_ArtifactException()
    {
        Mutations(_sample).Sample(ParsesOrRejectsInTime, iter: 3000);
    }

    [RealDataFact]
    public void Mutated_real_models_give_a_graph_or_an_ArtifactException()
    {
        var real = File.ReadAllBytes(Path.Combine(RealData.Onnx, "github__onnx__onnx/onnx/backend/test/data/light/light_squeezenet.onnx"));

        Mutations(real).Sample(ParsesOrRejectsInTime, iter: 500);
    }

    /// <summary>Bit flips, truncation, random overwrite, or a chunk of the file copied elsewhere in it.</summary>
    private static Gen<byte[]> Mutations(byte[] original)
    {
        var position = Gen.Int[0, original.Length - 1];
        var flips = Gen.Select(position, Gen.Int[0, 7]).Array[1, 16].Select(bits =>
        {
            var copy = (byte[])original.Clone();
            foreach (var (at, bit) in bits)
            {
                copy[at] ^= (byte)(1 << bit);
            }

            return copy;
        });
        var truncation = Gen.Int[0, original.Length - 1].Select(length => original[..length]);
        var overwrite = Gen.Select(position, Gen.Byte.Array[1, 64]).Select(change =>
        {
            var copy = (byte[])original.Clone();
            var (at, bytes) = change;
            bytes.AsSpan(0, Math.Min(bytes.Length, copy.Length - at)).CopyTo(copy.AsSpan(at));
            return copy;
        });
        var splice = Gen.Select(position, position, Gen.Int[1, 256]).Select(change =>
        {
            var (from, to, length) = change;
            var chunk = original.AsSpan(from, Math.Min(length, original.Length - from));
            return (byte[])[.. original.AsSpan(0, to), .. chunk, .. original.AsSpan(to)];
        });
        return Gen.OneOf(flips, truncation, overwrite, splice);
    }

    private static void ParsesOrRejectsInTime(byte[] bytes)
    {
        var parse = Task.Run(() =>
        {
            try
            {
                OnnxGraphReader.Parse("fuzz.onnx", bytes);
            }
            catch (ArtifactException e) when (e.File == "fuzz.onnx" && e.Problem.Length > 0)
            {
                // The one acceptable failure.
            }
        });
        if (!parse.Wait(_deadline))
        {
            throw new TimeoutException($"parsing {bytes.Length} bytes took longer than {_deadline.TotalSeconds} s");
        }
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
