using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Ui;
using Dara.Cloud.Testing.Builders;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>Short-hands for the calls most tests make.</summary>
internal static class ApiCalls
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const string BertConfig = """{"model_type": "bert", "architectures": ["BertForMaskedLM"], "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522}""";

    public const string LlamaConfig = """{"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32, "intermediate_size": 11008, "vocab_size": 32000}""";

    /// <summary>Creates an organization owned by <paramref name="owner"/> and returns its id.</summary>
    public static async Task<string> CreateOrgAsync(this PortalFactory portal, string owner, string prefix = "org")
    {
        var id = portal.NewOrgId(prefix);
        using var client = portal.As(owner);
        using var response = await client.PostAsJsonAsync("/api/orgs", new { id, name = $"Org {id}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    public static async Task AddMemberAsync(this PortalFactory portal, string org, string owner, string member, string role)
    {
        using var client = portal.As(owner);
        using var response = await client.PutAsJsonAsync($"/api/orgs/{org}/members/{member}", new { role });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Organization <paramref name="org"/> as a page of <paramref name="userId"/>, holding <paramref name="role"/>, sees it.</summary>
    public static OrgScope ScopeOf(this PortalFactory portal, string org, string userId, OrgRole role) =>
        new(portal.Grains, new OrganizationInfo(new TenantId(org), org, DateTimeOffset.UtcNow), userId, role);

    /// <summary>Model <paramref name="repoId"/> as its grain holds it now (null when it has none).</summary>
    public static async Task<ModelView?> ModelViewAsync(this OrgScope scope, string repoId) =>
        (await scope.ModelAsync(repoId, model => model.GetAsync())).Result;

    /// <summary>Creates an API key and returns its secret.</summary>
    public static async Task<string> CreateKeyAsync(this PortalFactory portal, string org, string owner, string role, string name = "ci")
    {
        using var client = portal.As(owner);
        using var response = await client.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
    }

    /// <summary>
    /// Adds <paramref name="count"/> models (<c>filler/model-N</c>) to <paramref name="org"/>'s index as models report
    /// themselves, without uploading or analysing anything: enough to bring an organization to its model limit.
    /// </summary>
    public static async Task AddIndexedModelsAsync(this PortalFactory portal, string org, int count)
    {
        var tenant = new TenantId(org);
        using var scope = TenantContext.Enter(tenant);
        var organization = portal.Grains.GetGrain<IOrganizationGrain>(tenant.Value);
        for (var i = 0; i < count; i++)
        {
            await organization.RecordModelAsync(new ModelSummary(
                "filler", $"model-{i:D3}", "ok", 90, [], $"filler/model-{i:D3}", "bert", null, DateTimeOffset.UtcNow, ModelOrigin.UploadKind, ReviewActions.Open, null));
        }
    }

    /// <summary>Uploads a config.json (and optionally a safetensors header) under a name; returns the response.</summary>
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string org, string name, string config = BertConfig) =>
        client.PostAsync($"/api/orgs/{org}/models", Multipart.Upload(name, ("config.json", config)));

    /// <summary>Registers a new Hub model (a BERT config.json) with the organization; returns its id.</summary>
    public static async Task<string> RegisterHubModelAsync(this PortalFactory portal, HttpClient client, string org)
    {
        var hubId = $"r{Guid.NewGuid():N}"[..12] + "/bert-hub";
        portal.Hub.AddModel(hubId, new Dictionary<string, byte[]> { ["config.json"] = Encoding.UTF8.GetBytes(BertConfig) });
        using var response = await client.PostAsJsonAsync($"/api/orgs/{org}/models", new { hf = hubId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return hubId;
    }

    /// <summary>
    /// Registers a new Hub model whose next analysis takes <paramref name="seconds"/>, so that a re-analysis job is still
    /// running when a test next reads or acts on it.
    /// </summary>
    public static async Task RegisterSlowHubModelAsync(this PortalFactory portal, HttpClient client, string org, int seconds = 3)
    {
        var slow = await portal.RegisterHubModelAsync(client, org);
        portal.Hub.Faults.Enqueue(FaultKind.Delay(TimeSpan.FromSeconds(seconds)), pathContains: slow);
    }

    /// <summary>The HTML of page <paramref name="path"/> as served (prerendered) to <paramref name="user"/>, who may see it.</summary>
    public static async Task<string> PageHtmlAsync(this PortalFactory portal, string user, string path)
    {
        using var client = portal.As(user);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    /// <summary>A small BERT-shaped safetensors file (header and zeros).</summary>
    public static byte[] TinyBertWeights() => new SafetensorsBuilder()
        .Add("bert.embeddings.word_embeddings.weight", "F32", 1000, 64)
        .Add("bert.encoder.layer.0.attention.self.query.weight", "F32", 64, 64)
        .ToBytes();
}
