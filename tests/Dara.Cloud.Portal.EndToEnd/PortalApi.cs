using System.Net;
using System.Net.Http.Json;

namespace Dara.Cloud.Portal.EndToEnd;

/// <summary>What the end-to-end tests set up through the HTTP API before a browser looks at it.</summary>
internal static class PortalApi
{
    /// <summary>Creates organization <paramref name="id"/> as the client's user, who becomes its owner.</summary>
    public static async Task CreateOrganizationAsync(this HttpClient api, string id, string name)
    {
        using var created = await api.PostAsJsonAsync("api/orgs", new { id, name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
