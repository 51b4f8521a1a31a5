using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Formats.Config;
using Dara.Cloud.Analysis.Inspection;

namespace Dara.Cloud.Analysis.Fingerprinting;

/// <summary>
/// Builds the fingerprint from the best structural evidence published: an ONNX graph, else weight headers
/// (safetensors, then GGUF), else a weight map's tensor names, else the config alone.
/// </summary>
public static class FingerprintBuilder
{
    private static readonly DaraVectors NoVectors = new(
        new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>());

    public static ArchitectureFingerprint Build(ModelArtifacts artifacts)
    {
        if (artifacts.Safetensors.Count > 0)
        {
            // Read straight from the header entries: a TensorSpec per tensor would only be copied and dropped.
            var tensors = new List<(string Name, IReadOnlyList<long> Shape, string DType)>(artifacts.Safetensors.Sum(h => h.Tensors.Count));
            foreach (var header in artifacts.Safetensors)
            {
                foreach (var tensor in header.Tensors)
                {
                    tensors.Add((tensor.Name, tensor.Shape, tensor.DType));
                }
            }

            var architecture = WeightArchitecture.FromTensors(tensors, "safetensors");
            return new ArchitectureFingerprint(architecture, DaraVectors.From(architecture), TensorHash(tensors), "tensors");
        }

        if (artifacts.Gguf.Count > 0)
        {
            var tensors = artifacts.Gguf[0].Tensors.Select(t => t.ToSpec()).Select(t => (t.Name, t.Shape, t.DType)).ToList();
            var architecture = WeightArchitecture.FromTensors(tensors, "gguf");
            return new ArchitectureFingerprint(architecture, DaraVectors.From(architecture), TensorHash(tensors), "tensors");
        }

        if (artifacts.Onnx.Count > 0)
        {
            // The largest graph is the model; the others are usually pre/post-processing.
            var graph = artifacts.Onnx.MaxBy(g => g.Nodes.Count)!;
            var architecture = OnnxArchitecture.From(graph);
            return new ArchitectureFingerprint(architecture, DaraVectors.From(architecture), Hash("onnx", OnnxLines(architecture)), "onnx");
        }

        var names = artifacts.WeightMaps.SelectMany(m => m.TensorToShard.Keys).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count > 0)
        {
            var architecture = WeightArchitecture.FromNames(names, "weight-map");
            var lines = names.Append(ConfigLine(artifacts.Config));
            return new ArchitectureFingerprint(architecture, DaraVectors.From(architecture), Hash("weight-map", lines), "weight-map");
        }

        return new ArchitectureFingerprint(null, NoVectors, Hash("config", [ConfigLine(artifacts.Config)]), "config");
    }

    /// <summary>ONNX node names are arbitrary; the hash covers each layer's op, parameters and shapes, and the op-to-op edges.</summary>
    private static IEnumerable<string> OnnxLines(AbstractArchitecture architecture)
    {
        foreach (var layer in architecture.Layers)
        {
            yield return $"{layer.ParameterKey}\t{string.Join(';', layer.Shapes.Select(s => string.Join(',', s)))}";
        }

        foreach (var (from, to) in architecture.Edges)
        {
            yield return $"{architecture.Layers[from].Kind}->{architecture.Layers[to].Kind}";
        }
    }

    private static string ConfigLine(ModelConfig? config)
    {
        if (config is null)
        {
            return "no-config";
        }

        var hp = config.EffectiveHyperparameters;
        return $"{config.ModelType}|{string.Join(',', config.Architectures)}|{hp}";
    }

    /// <summary>
    /// Tensor names and shapes in name order (so file order and sharding do not matter), dtypes left out: the same
    /// architecture stored in F16 or F32 hashes the same. Written straight into the hash: this runs per model.
    /// </summary>
    private static string TensorHash(IReadOnlyList<(string Name, IReadOnlyList<long> Shape, string DType)> tensors)
    {
        // Names sorted as keys with an index beside them: the string sort compares names directly, with no
        // comparison delegate and no 24-byte tuples moved about.
        var names = new string[tensors.Count];
        var order = new int[tensors.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = tensors[i].Name;
            order[i] = i;
        }

        // The safetensors writer lists tensors by dtype, then name, so a one-dtype header is usually in order already.
        if (!IsSorted(names))
        {
            Array.Sort(names, order, StringComparer.Ordinal);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(tensors.Count * 64);
        try
        {
            var length = Append(ref buffer, 0, "tensors\n");
            foreach (var index in order)
            {
                var tensor = tensors[index];
                length = Append(ref buffer, length, tensor.Name);
                foreach (var dimension in tensor.Shape)
                {
                    // ',' and a long's digits (at most 20 characters, as StringBuilder.Append writes them).
                    length = EnsureCapacity(ref buffer, length, 21);
                    buffer[length++] = (byte)',';
                    dimension.TryFormat(buffer.AsSpan(length), out var written, default, CultureInfo.InvariantCulture);
                    length += written;
                }

                length = EnsureCapacity(ref buffer, length, 1);
                buffer[length++] = (byte)'\n';
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsSorted(string[] names)
    {
        for (var i = 1; i < names.Length; i++)
        {
            if (string.CompareOrdinal(names[i - 1], names[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends <paramref name="text"/> as UTF-8 at <paramref name="length"/>, growing the pooled buffer if needed.</summary>
    private static int Append(ref byte[] buffer, int length, string text)
    {
        length = EnsureCapacity(ref buffer, length, Encoding.UTF8.GetMaxByteCount(text.Length));
        return length + Encoding.UTF8.GetBytes(text, buffer.AsSpan(length));
    }

    private static int EnsureCapacity(ref byte[] buffer, int length, int needed)
    {
        if (buffer.Length - length < needed)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + needed));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        return length;
    }

    /// <summary>SHA-256 over the sorted lines, so file order and sharding do not change it.</summary>
    private static string Hash(string basis, IEnumerable<string> lines)
    {
        var sorted = lines.ToList();
        sorted.Sort(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(basis + "\n"));
        foreach (var line in sorted)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(line));
            sha.AppendData("\n"u8);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
