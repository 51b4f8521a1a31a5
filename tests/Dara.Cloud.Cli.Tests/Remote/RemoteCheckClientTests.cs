using System.Net;
using System.Text;
using Dara.Cloud.Cli.Remote;

namespace Dara.Cloud.Cli.Tests.Remote;

/// <summary>What <c>dara check --server</c> makes of answers a real service never gives but a wrong or hostile server may.</summary>
public sealed class RemoteCheckClientTests
{
    private static readonly Uri Server = new("http://127.0.0.1:5080/");

    private const string Document = """
        {"name":"acme/bert-base","verdict":"ok","score":100,"elements":[{"code":"A","text":"bert","value":"bert"}],
         "facts":{},"findings":[],"suggested_name":"acme/bert-base","skipped":[],"problems":[],"prediction":null}
        """;

    /// <summary>Answers every request with what <paramref name="answer"/> makes.</summary>
    private sealed class FixedAnswer(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer());
    }

    /// <summary>A body that never ends: zeros as fast as they are read, or nothing at all until cancelled.</summary>
    private sealed class EndlessStream(bool stalls) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => count;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (stalls)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            buffer.Span.Fill((byte)' ');
            return buffer.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static Task<(string Json, RemoteCheckDocument Document)> CheckAsync(Func<HttpResponseMessage> answer, TimeSpan? timeout = null)
    {
        var http = new HttpClient(new FixedAnswer(answer)) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        return new RemoteCheckClient(http).CheckAsync(Server, "dara_acme_key", "acme/bert-base", [], register: false, CancellationToken.None);
    }

    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Fact]
    public async Task An_indented_document_is_printed_on_one_line()
    {
        var (json, document) = await CheckAsync(() => Json(Document));

        Assert.Equal("acme/bert-base", document.Name);
        Assert.DoesNotContain('\n', json);
        Assert.StartsWith("{\"name\":\"acme/bert-base\",\"verdict\":\"ok\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "it has no \"name\"")]
    [InlineData("""{"name":"x","verdict":"ok","score":1,"elements":null,"findings":[],"suggested_name":"x","skipped":[],"problems":[]}""", "it has no \"elements\" (each with code, text and value)")]
    [InlineData("""{"name":"x","verdict":"ok","score":1,"elements":[],"findings":[null],"suggested_name":"x","skipped":[],"problems":[]}""", "it has no \"findings\" (each with code, evidence and message)")]
    [InlineData("""{"name":"x","verdict":"ok","score":1,"elements":[],"findings":[],"skipped":[],"problems":[]}""", "it has no \"suggested_name\"")]
    [InlineData("""{"name":"x","verdict":"great","score":1}""", "$.verdict holds a value a check document does not")]
    [InlineData("<html>sign in</html>", "it is not a JSON object")]
    [InlineData("null", "it is null")]
    public async Task An_answer_that_is_not_a_whole_check_document_is_one_line_saying_what_is_wrong(string body, string problem)
    {
        var error = await Assert.ThrowsAsync<RemoteCheckException>(() => CheckAsync(() => Json(body)));

        Assert.Equal($"{Server} answered 200 but not with a check document: {problem}.", error.Message);
    }

    [Fact]
    public async Task An_answer_announced_larger_than_the_cap_is_refused_unread()
    {
        var error = await Assert.ThrowsAsync<RemoteCheckException>(() => CheckAsync(() =>
        {
            var answer = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream(stalls: false)) };
            answer.Content.Headers.ContentLength = 3L << 30;
            return answer;
        }));

        Assert.Equal($"{Server} answered 200 with 3,221,225,472 bytes, more than the 8,388,608 bytes a check document may take: is this a Dara.Cloud server?", error.Message);
    }

    [Fact]
    public async Task An_answer_without_end_is_cut_at_the_cap()
    {
        var error = await Assert.ThrowsAsync<RemoteCheckException>(() => CheckAsync(() =>
            new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream(stalls: false)) }));

        Assert.Equal($"{Server} answered 200 with an answer larger than the 8,388,608 bytes a check document may take: is this a Dara.Cloud server?", error.Message);
    }

    [Fact]
    public async Task An_answer_whose_body_stalls_times_out_like_one_that_never_comes()
    {
        var error = await Assert.ThrowsAsync<RemoteCheckException>(() => CheckAsync(
            () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream(stalls: true)) },
            TimeSpan.FromSeconds(1)));

        Assert.Equal($"{Server} did not answer within 1 seconds.", error.Message);
    }
}
