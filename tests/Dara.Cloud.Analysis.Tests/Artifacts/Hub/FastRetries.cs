using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

/// <summary>Client options for tests: the real retry policy, with delays in milliseconds instead of seconds.</summary>
internal static class FastRetries
{
    public static HubClientOptions For(FakeHubServer hub, int maxRetries = 3) => new()
    {
        Endpoint = hub.Endpoint,
        MaxRetries = maxRetries,
        BaseDelay = TimeSpan.FromMilliseconds(2),
        MaxDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryAfter = TimeSpan.FromMilliseconds(10),
        Timeout = TimeSpan.FromSeconds(20),
    };
}
