using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Artifacts;

/// <summary>The Node peers run and answer JSON; the cross-checks against our readers build on this.</summary>
public sealed class NodePeerTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_failing_peer_reports_its_error()
    {
        var file = _temp.Write("not.gguf", "this is not a GGUF file"u8.ToArray());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodePeer.RunAsync("gguf-header.mjs", [file]));

        Assert.Contains("exited with", error.Message, StringComparison.Ordinal);
    }
}
