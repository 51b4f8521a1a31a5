using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>
/// One organization's members and keys try to read, write, list and reuse keys in another's, through the API and
/// straight through grain calls: every attempt is refused and no answer carries the other organization's data.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class CrossTenantTests(PortalFactory portal) : IAsyncLifetime
{
    private const string Alice = "alice@tenant-a.example";
    private const string Bob = "bob@tenant-b.example";
    private const string SecretModel = "bobs-lab/secret-model-xyz";

    private string _orgA = null!;
    private string _orgB = null!;
    private string _keyA = null!;
    private string _keyB = null!;

    public async Task InitializeAsync()
    {
        _orgA = await portal.CreateOrgAsync(Alice, "tenant-a");
        _orgB = await portal.CreateOrgAsync(Bob, "tenant-b");
        _keyA = await portal.CreateKeyAsync(_orgA, Alice, "owner");
        _keyB = await portal.CreateKeyAsync(_orgB, Bob, "owner");
        using var upload = await portal.As(Bob).UploadAsync(_orgB, SecretModel);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_member_of_one_organization_can_neither_read_write_nor_list_in_another()
    {
        using var alice = portal.As(Alice);
        var b = $"/api/orgs/{_orgB}";

        var answers = new List<HttpResponseMessage>
        {
            await alice.GetAsync(b),
            await alice.GetAsync($"{b}/models"),
            await alice.GetAsync($"{b}/models/{SecretModel}"),
            await alice.GetAsync($"{b}/stats"),
            await alice.GetAsync($"{b}/members"),
            await alice.GetAsync($"{b}/policy"),
            await alice.GetAsync($"{b}/watched-authors"),
            await alice.GetAsync($"{b}/api-keys"),
            await alice.UploadAsync(_orgB, "alice/planted-model"),
            await alice.PostAsJsonAsync($"{b}/models", new { hf = "google/bert" }),
            await alice.PostAsJsonAsync($"{b}/models/{SecretModel}/review", new { action = "dismiss", text = "mine now" }),
            await alice.PostAsync($"{b}/models/{SecretModel}/reanalyze", null),
            await alice.PostAsync($"{b}/reanalyze", null),
            await alice.GetAsync($"{b}/reanalyze"),
            await alice.GetAsync($"{b}/reanalyze/1"),
            await alice.PostAsync($"{b}/reanalyze/1/cancel", null),
            await alice.DeleteAsync($"{b}/models/{SecretModel}"),
            await alice.PutAsJsonAsync($"{b}/members/{Alice}", new { role = "owner" }),
            await alice.PostAsJsonAsync($"{b}/api-keys", new { name = "mine", role = "owner" }),
            await alice.PostAsync($"{b}/webhook-secret", null),
            await alice.GetAsync($"{b}/webhook-secret"),
            await alice.DeleteAsync($"{b}/webhook-secret"),
            await alice.PostAsync($"/api/check?org={_orgB}", Multipart.Upload("x/y", ("config.json", ApiCalls.BertConfig))),
        };

        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            await AssertNothingLeaksAsync(answer);
        }

        await AssertBobsOrganizationUntouchedAsync();
        Assert.DoesNotContain(await alice.GetFromJsonAsync<JsonArray>("/api/orgs") ?? [], o => o!["id"]!.GetValue<string>() == _orgB);
    }

    [Fact]
    public async Task An_api_key_works_only_in_its_own_organization()
    {
        using var keyA = portal.WithKey(_keyA);

        using var read = await keyA.GetAsync($"/api/orgs/{_orgB}/models/{SecretModel}");
        using var list = await keyA.GetAsync($"/api/orgs/{_orgB}/models");
        using var write = await keyA.UploadAsync(_orgB, "alice/planted-model");
        using var keys = await keyA.GetAsync($"/api/orgs/{_orgB}/api-keys");
        var orgs = await keyA.GetFromJsonAsync<JsonArray>("/api/orgs");

        Assert.All([read, list, write, keys], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        foreach (var answer in new[] { read, list, write, keys })
        {
            await AssertNothingLeaksAsync(answer);
        }

        Assert.Equal([_orgA], orgs!.Select(o => o!["id"]!.GetValue<string>()));
        await AssertBobsOrganizationUntouchedAsync();
    }

    [Fact]
    public async Task A_key_relabelled_with_another_organization_is_refused()
    {
        var secret = _keyA[$"dara_{_orgA}_".Length..];
        using var relabelled = portal.WithKey($"dara_{_orgB}_{secret}");
        using var spliced = portal.WithKey($"dara_{_orgB}_{_keyB[$"dara_{_orgB}_".Length..][..10]}{secret[10..]}");

        using var asB = await relabelled.GetAsync($"/api/orgs/{_orgB}/models");
        using var asA = await relabelled.GetAsync($"/api/orgs/{_orgA}/models");
        using var mixed = await spliced.GetAsync($"/api/orgs/{_orgB}/models");

        Assert.Equal(HttpStatusCode.Unauthorized, asB.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asA.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, mixed.StatusCode);
        await AssertNothingLeaksAsync(asB);
    }

    [Fact]
    public async Task Grain_calls_for_another_tenant_or_none_are_refused_by_the_call_filter()
    {
        var model = portal.Grains.GetGrain<IModelGrain>(ModelKey.Parse(new TenantId(_orgB), SecretModel).GrainKey);
        var organization = portal.Grains.GetGrain<IOrganizationGrain>(_orgB);

        TenantContext.Set(new TenantId(_orgA));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => model.GetAsync());
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => model.SubmitAsync(ArtifactSet.From([new ArtifactFile("config.json", 2, "{}"u8.ToArray())])));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => organization.ListModelsAsync(new ModelQuery()));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => organization.SetMemberAsync(Alice, OrgRole.Owner));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => organization.AuthenticateApiKeyAsync(_keyB));

        TenantContext.Clear();
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => model.GetAsync());
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => organization.GetMembersAsync());

        TenantContext.Set(new TenantId(_orgB));
        Assert.NotNull(await model.GetAsync());
        Assert.DoesNotContain(await organization.GetMembersAsync(), m => m.UserId == Alice);
        TenantContext.Clear();
    }

    private async Task AssertNothingLeaksAsync(HttpResponseMessage answer)
    {
        var body = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret-model", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Bob, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_keyB, body, StringComparison.Ordinal);
    }

    private async Task AssertBobsOrganizationUntouchedAsync()
    {
        using var bob = portal.As(Bob);
        var models = await bob.GetFromJsonAsync<JsonObject>($"/api/orgs/{_orgB}/models");
        Assert.Equal([SecretModel], models!["items"]!.AsArray().Select(i => i!["repoId"]!.GetValue<string>()));
        var model = await bob.GetFromJsonAsync<JsonObject>($"/api/orgs/{_orgB}/models/{SecretModel}");
        Assert.Equal("open", model!["review"]!["status"]!.GetValue<string>());
        var members = await bob.GetFromJsonAsync<JsonArray>($"/api/orgs/{_orgB}/members");
        Assert.Equal([Bob], members!.Select(m => m!["userId"]!.GetValue<string>()));
        Assert.Single((await bob.GetFromJsonAsync<JsonArray>($"/api/orgs/{_orgB}/api-keys"))!);
    }
}
