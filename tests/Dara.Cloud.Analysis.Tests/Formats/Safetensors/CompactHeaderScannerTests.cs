using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using CsCheck;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Analysis.Tests.Formats.Safetensors;

/// <summary>
/// The header's fast reader takes the writers' plain form and declines the rest; whichever reads a header, the
/// result (or the message) is the one the full <see cref="System.Text.Json.Utf8JsonReader"/> reader gives.
/// </summary>
public sealed class CompactHeaderScannerTests
{
    private static readonly byte[] _writerHeader = Json(new SafetensorsBuilder()
        .WithMetadata("format", "pt")
        .Add("model.embed_tokens.weight", "BF16", 32, 8)
        .Add("model.layers.0.mlp.up_proj.weight", "F8_E4M3", 16, 8)
        .Add("model.layers.0.mlp.up_proj.weight_scale", "F32")
        .Add("lm_head.bias", "F16", 32));

    [Fact]
    public void The_writers_plain_form_is_read_by_the_scanner()
    {
        Assert.True(TryScan(_writerHeader, out var entries, out var metadata));
        Assert.Equal(Outcome(() => SafetensorsHeaderJson.ParseWithReader("m.safetensors", _writerHeader)), Describe(entries, metadata));
        Assert.Equal(["model.embed_tokens.weight", "model.layers.0.mlp.up_proj.weight", "model.layers.0.mlp.up_proj.weight_scale", "lm_head.bias"],
            entries.Select(e => e.Tensor.Name));
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}} """, true)]
    [InlineData("""{ "a" : { "dtype":"F32", "shape": [ 1 ], "data_offsets": [0, 4] } }""", true)]
    [InlineData("""{"__metadata__":null,"a":{"shape":[1],"data_offsets":[0,4],"dtype":"F32"}}""", true)]
    [InlineData("""{}""", true)]
    [InlineData("""{"a\u0062":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[1e0],"data_offsets":[0,4]}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[01],"data_offsets":[0,4]}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[12345678901234567],"data_offsets":[0,4]}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1],"data_offsets":[0,4]}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[1]}}""", false)]
    [InlineData("""{"a":{"dtype":"X9","shape":[1],"data_offsets":[0,4]}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", false)]
    [InlineData("""{"__metadata__":{"format":1}}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},}""", false)]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} x""", false)]
    [InlineData("""[]""", false)]
    public void Headers_outside_the_plain_form_are_left_to_the_full_reader(string json, bool plain)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(plain, TryScan(bytes, out _, out _));
        Assert.Equal(Outcome(() => SafetensorsHeaderJson.ParseWithReader("m.safetensors", bytes)), Outcome(() => SafetensorsHeaderJson.Parse("m.safetensors", bytes)));
    }

    [Fact]
    public void The_scanner_and_the_full_reader_agree_on_generated_headers()
    {
        var scanned = 0;
        var declined = 0;
        Headers.Sample(
            json =>
            {
                Interlocked.Increment(ref TryScan(json, out _, out _) ? ref scanned : ref declined);
                Agree(json);
            },
            iter: 5_000);

        // Both readers must really have been compared: the generator reaches the plain form and the rest.
        Assert.True(scanned > 250 && declined > 250, $"{scanned} headers scanned, {declined} declined");
    }

    [Fact]
    public void The_scanner_and_the_full_reader_agree_on_mutated_headers() =>
        Gen.Select(Gen.Int[0, _writerHeader.Length - 1], Gen.OneOf("\"\\{}[],:0123456789.eE- \nabF".Select(c => (byte)c).ToArray())).Array[1, 3]
            .Select(edits =>
            {
                var bytes = _writerHeader.ToArray();
                foreach (var (at, value) in edits)
                {
                    bytes[at] = value;
                }

                return bytes;
            })
            .Sample(Agree, iter: 10_000);

    // Headers in the plain form (names outside ASCII, any field order, metadata or not, whitespace or not) and
    // headers that are not: names that need escapes, unknown dtypes, shapes past the limits, fields missing, repeated
    // or unknown, metadata that is not strings.
    private static readonly Gen<byte[]> Headers = Gen.OneOf(
        HeaderJson("abc.01_é中", ["F32", "BF16", "F8_E4M3", "E8M0", "I64"], [0L, 1L, 7L, 4096L, 1L << 53], maxDims: 8, faults: false),
        HeaderJson("abc.01_\"\\/é\u0001", ["F32", "BF16", "f32", "Q4"], [0L, 7L, 1L << 53, (1L << 53) + 1], maxDims: 9, faults: true));

    private static Gen<byte[]> HeaderJson(string nameCharacters, string[] dtypes, long[] dimensions, int maxDims, bool faults) => Gen.Select(
        Gen.Select(
            Gen.Char[nameCharacters].Array[0, 6].Select(c => new string(c)),
            TensorJson(dtypes, dimensions, maxDims, faults)).Array[0, 4],
        faults ? Gen.OneOf("\"__metadata__\":{\"k\":\"\\u00e9\"},", "\"__metadata__\":{\"n\":2},", "")
            : Gen.OneOf("", "\"__metadata__\":null,", "\"__metadata__\":{\"format\":\"pt\"},"),
        Gen.OneOf("", " ", "\n", "  \t"),
        (tensors, metadata, space) =>
        {
            var members = tensors.Select(t => JsonSerializer.Serialize(t.Item1, RawUnicode) + ":" + t.Item2);
            var json = "{" + metadata + string.Join(',', members) + "}";
            return Encoding.UTF8.GetBytes(space.Length == 0 ? json : json.Replace(",", space + "," + space).Replace(":", space + ":"));
        });

    private static Gen<string> TensorJson(string[] dtypes, long[] dimensions, int maxDims, bool faults) => Gen.Select(
        Gen.OneOf(dtypes),
        Gen.OneOf(dimensions).Array[0, maxDims],
        Gen.Int[0, faults ? 5 : 2],
        faults ? Gen.Bool : Gen.Const(false),
        (dtype, shape, order, extra) =>
        {
            string[] fields =
            [
                $"\"dtype\":\"{dtype}\"",
                $"\"shape\":[{string.Join(',', shape)}]",
                "\"data_offsets\":[0,4]",
            ];
            var ordered = order switch
            {
                0 => fields,
                1 => [fields[1], fields[0], fields[2]],
                2 => [fields[2], fields[1], fields[0]],
                3 => [fields[0], fields[2]],
                4 => [fields[0], fields[1], fields[1], fields[2]],
                _ => [fields[1], fields[2], fields[0], "\"data_offsets\":[0,4,8]"],
            };
            return "{" + string.Join(',', extra ? [.. ordered, "\"extra\":{\"x\":[1]}"] : ordered) + "}";
        });

    // Escapes only what JSON requires (quotes, backslashes, control characters): other text stays raw UTF-8.
    private static readonly JsonSerializerOptions RawUnicode = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Agree(byte[] json)
    {
        // The caller of both readers has checked the header is UTF-8.
        if (!Utf8.IsValid(json))
        {
            return;
        }

        Assert.Equal(
            Outcome(() => SafetensorsHeaderJson.ParseWithReader("m.safetensors", json)),
            Outcome(() => SafetensorsHeaderJson.Parse("m.safetensors", json)));
    }

    private static bool TryScan(byte[] json, out List<SafetensorsHeaderEntry> entries, out Dictionary<string, string> metadata)
    {
        entries = [];
        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        return CompactHeaderScanner.TryRead(json, entries, metadata, new DistinctKeys(), new ShapeCache());
    }

    private static string Outcome(Func<(List<SafetensorsHeaderEntry> Entries, Dictionary<string, string> Metadata)> read)
    {
        try
        {
            var (entries, metadata) = read();
            return Describe(entries, metadata);
        }
        catch (ArtifactException e)
        {
            return "error: " + e.Message;
        }
    }

    private static string Describe(List<SafetensorsHeaderEntry> entries, Dictionary<string, string> metadata) =>
        string.Join('\n', entries.Select(e => $"{e.Tensor.Name}|{e.Tensor.DType}|{string.Join(',', e.Tensor.Shape)}|{e.Tensor.Begin}|{e.Tensor.End}"))
        + "\nmetadata: " + string.Join(',', metadata.Select(p => $"{p.Key}={p.Value}"));

    private static byte[] Json(SafetensorsBuilder builder) => Encoding.UTF8.GetBytes(builder.HeaderJson);
}
