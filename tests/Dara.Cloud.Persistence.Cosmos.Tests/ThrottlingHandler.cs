using System.Globalization;
using System.Net;
using System.Text;

namespace Dara.Cloud.Persistence.Cosmos.Tests;

/// <summary>
/// Stands between the Cosmos client and the emulator and answers the first <c>throttledAnswers</c> document writes
/// with 429 and a RetryAfter, as Cosmos DB does when a container runs out of request units.
/// </summary>
internal sealed class ThrottlingHandler(HttpMessageHandler inner, int throttledAnswers, TimeSpan retryAfter) : DelegatingHandler(inner)
{
    private int _documentWrites;

    /// <summary>Document writes the client sent, throttled or not.</summary>
    public int DocumentWrites => Volatile.Read(ref _documentWrites);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var isDocumentWrite = (request.Method == HttpMethod.Post || request.Method == HttpMethod.Put)
            && request.RequestUri!.AbsolutePath.Contains("/docs", StringComparison.Ordinal);
        if (isDocumentWrite && Interlocked.Increment(ref _documentWrites) <= throttledAnswers)
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                RequestMessage = request,
                Content = new StringContent("""{"code":"TooManyRequests","message":"Request rate is large."}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.TryAddWithoutValidation("x-ms-retry-after-ms", retryAfter.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
            response.Headers.TryAddWithoutValidation("x-ms-substatus", "3200");
            response.Headers.TryAddWithoutValidation("x-ms-activity-id", Guid.NewGuid().ToString());
            return response;
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
