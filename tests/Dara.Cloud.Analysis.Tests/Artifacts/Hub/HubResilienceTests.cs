using System.Diagnostics;
using System.Net;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

/// <summary>The waits the server asks for, read as huggingface_hub reads them.</summary>
public sealed class HubResilienceTests
{
    [Theory]
    [InlineData(429, "\"api\";r=0;t=52", "7", 52.0)]
    [InlineData(429, "\"api\";r=12;t=52", "7", 7.0)]
    [InlineData(429, null, "3", 3.0)]
    [InlineData(503, "\"api\";r=0;t=52", "4", 4.0)]
    [InlineData(503, null, null, null)]
    public void The_server_delay_is_the_rate_limit_reset_on_a_spent_429_else_Retry_After(
        int status, string? rateLimit, string? retryAfter, double? expectedSeconds)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (rateLimit is not null)
        {
            response.Headers.TryAddWithoutValidation("RateLimit", rateLimit);
        }

        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        Assert.Equal(expectedSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, HubResilience.ServerDelay(response));
    }

    [Fact]
    public void A_Retry_After_date_is_ignored_as_huggingface_hub_does()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT");

        Assert.Null(HubResilience.ServerDelay(response));
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(501, false)]
    public void Only_huggingface_hubs_transient_statuses_are_retried(int status, bool transient)
    {
        Assert.Equal(transient, HubResilience.IsTransient((HttpStatusCode)status));
    }

    [Fact]
    public async Task Retry_After_is_honoured_with_a_one_second_margin()
    {
        await using var hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty);
        hub.AddModel("acme/slow", new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
        hub.Faults.Enqueue(FaultKind.TooManyRequests(retryAfter: 0));
        using var client = new HubClient(FastRetries.For(hub) with { MaxRetryAfter = TimeSpan.FromSeconds(5) });
        var clock = Stopwatch.StartNew();

        await client.GetModelInfoAsync("acme/slow");

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(4));
        Assert.Equal(2, hub.Requests.Count);
    }
}
