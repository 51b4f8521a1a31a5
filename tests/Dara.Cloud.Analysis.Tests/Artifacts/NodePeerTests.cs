using System.Buffers.Binary;
using System.Text;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Artifacts;

/// <summary>The Node peers run and answer JSON; the cross-checks against our readers build on this.</summary>
public sealed class NodePeerTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_GGUF_peer_reads_a_header_built_here()
    {
        var file = _temp.Write("tiny.gguf", TinyGguf());

        using var result = await NodePeer.RunAsync("gguf-header.mjs", [file]);

        var root = result.RootElement;
        var tensor = root.GetProperty("tensorInfos")[0];
        Assert.Equal("llama", root.GetProperty("metadata").GetProperty("general.architecture").GetString());
        Assert.Equal(2048, root.GetProperty("metadata").GetProperty("llama.context_length").GetInt32());
        Assert.Equal("token_embd.weight", tensor.GetProperty("name").GetString());
        Assert.Equal(["4", "3"], tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(12, root.GetProperty("parameterCount").GetInt64());
    }

    [Fact]
    public async Task A_failing_peer_reports_its_error()
    {
        var file = _temp.Write("not.gguf", "this is not a GGUF file"u8.ToArray());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodePeer.RunAsync("gguf-header.mjs", [file]));

        Assert.Contains("exited with", error.Message, StringComparison.Ordinal);
    }

    /// <summary>GGUF v3: two metadata pairs and one F32 tensor of 4×3, data aligned to 32 bytes.</summary>
    private static byte[] TinyGguf()
    {
        using var stream = new MemoryStream();
        void U32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            stream.Write(bytes);
        }

        void U64(ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            stream.Write(bytes);
        }

        void Text(string value)
        {
            U64((ulong)Encoding.UTF8.GetByteCount(value));
            stream.Write(Encoding.UTF8.GetBytes(value));
        }

        stream.Write("GGUF"u8);
        U32(3);
        U64(1);
        U64(2);
        Text("general.architecture");
        U32(8);
        Text("llama");
        Text("llama.context_length");
        U32(4);
        U32(2048);
        Text("token_embd.weight");
        U32(2);
        U64(4);
        U64(3);
        U32(0);
        U64(0);
        stream.Write(new byte[(32 - (stream.Length % 32)) % 32]);
        stream.Write(new byte[4 * 3 * 4]);
        return stream.ToArray();
    }
}
