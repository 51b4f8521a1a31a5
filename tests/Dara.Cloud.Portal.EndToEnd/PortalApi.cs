using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

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

    /// <summary>Uploads a model of a <c>config.json</c> alone (<paramref name="config"/>) under <paramref name="name"/>.</summary>
    public static async Task UploadConfigAsync(this HttpClient api, string org, string name, string config)
    {
        using var form = new MultipartFormDataContent { { new StringContent(name), "name" } };
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(config));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(content, "files", "config.json");
        using var uploaded = await api.PostAsync($"api/orgs/{org}/models", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
    }
}
