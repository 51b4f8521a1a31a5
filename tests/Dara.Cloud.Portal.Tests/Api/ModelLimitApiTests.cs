using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>The per-organization model limit at the API (<see cref="PortalFactory.MaxModels"/> in the test portal).</summary>
[Collection(PortalCollection.Name)]
public sealed class ModelLimitApiTests(PortalFactory portal)
{
    private const string Owner = "limits-owner@example.com";

    /// <summary>An organization at its model limit, one of its models uploaded (<c>acme/bert-kept</c>), the others indexed.</summary>
    private async Task<string> FullOrganizationAsync()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        Assert.Equal(HttpStatusCode.Created, (await owner.UploadAsync(org, "acme/bert-kept")).StatusCode);
        await portal.AddIndexedModelsAsync(org, PortalFactory.MaxModels - 1);
        return org;
    }

    private static async Task<int> ModelCountAsync(HttpClient client, string org) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/stats"))!["models"]!.GetValue<int>();

    [Fact]
    public async Task A_new_model_past_the_limit_is_a_409_naming_the_limit_and_registers_nothing()
    {
        var org = await FullOrganizationAsync();
        using var owner = portal.As(Owner);
        var hubId = $"hub-{Guid.NewGuid():N}"[..20] + "/bert-base-uncased";
        portal.Hub.AddModel(hubId, new Dictionary<string, byte[]> { ["config.json"] = Encoding.UTF8.GetBytes(ApiCalls.BertConfig) });

        using var upload = await owner.UploadAsync(org, "acme/one-more");
        using var registration = await owner.PostAsJsonAsync($"/api/orgs/{org}/models", new { hf = hubId });

        foreach (var refused in new[] { upload, registration })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await refused.ReadObjectAsync();
            Assert.Contains($"limit of {PortalFactory.MaxModels} models", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/orgs/{org}/models/acme/one-more")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/orgs/{org}/models/{hubId}")).StatusCode);
        Assert.Equal(PortalFactory.MaxModels, await ModelCountAsync(owner, org));
    }

    [Fact]
    public async Task A_model_the_organization_has_is_uploaded_again_at_the_limit_in_any_spelling()
    {
        var org = await FullOrganizationAsync();
        using var owner = portal.As(Owner);

        using var again = await owner.UploadAsync(org, "ACME/Bert-Kept", ApiCalls.LlamaConfig);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(PortalFactory.MaxModels, await ModelCountAsync(owner, org));
        var model = await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models/acme/bert-kept");
        Assert.Single(model!["history"]!.AsArray());
    }
}
