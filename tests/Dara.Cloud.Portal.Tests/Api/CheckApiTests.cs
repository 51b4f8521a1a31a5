using System.Net;
using System.Net.Http.Json;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary><c>POST /api/check</c>: the engine on uploaded files, nothing registered; an organization's policy when asked.</summary>
[Collection(PortalCollection.Name)]
public sealed class CheckApiTests(PortalFactory portal)
{
    private const string Owner = "check-owner@example.com";

    private static readonly object StrictPolicy = new
    {
        requireArchitecture = true,
        requireTaskForFineTuned = true,
        requireSize = false,
        order = new[] { "A", "T" },
        separator = "-",
        lowercase = false,
        maxLength = 96,
        forbiddenWords = new[] { "final" },
        severity = "error",
    };

    [Fact]
    public async Task A_check_answers_the_check_document_and_registers_nothing()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);

        using var response = await client.PostAsync("/api/check", Multipart.Upload("acme/llama-7b", ("config.json", ApiCalls.BertConfig)));
        var models = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/orgs/{org}/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdict = await response.ReadObjectAsync();
        Assert.Equal("acme/llama-7b", verdict["name"]!.GetValue<string>());
        Assert.Equal("misnamed", verdict["verdict"]!.GetValue<string>());
        Assert.Equal(0, models!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_organizations_policy_applies_when_the_caller_names_it_or_uses_its_key()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/orgs/{org}/policy", StrictPolicy)).StatusCode);
        var key = await portal.CreateKeyAsync(org, Owner, "viewer");
        var files = ("config.json", ApiCalls.BertConfig);

        using var byDefault = await owner.PostAsync("/api/check", Multipart.Upload("acme/bert-base-final", files));
        using var named = await owner.PostAsync($"/api/check?org={org}", Multipart.Upload("acme/bert-base-final", files));
        using var byKey = await portal.WithKey(key).PostAsync("/api/check", Multipart.Upload("acme/bert-base-final", files));
        using var otherOrg = await portal.WithKey(key).PostAsync($"/api/check?org={portal.NewOrgId()}", Multipart.Upload("acme/bert-base-final", files));
        using var unknown = await owner.PostAsync($"/api/check?org={portal.NewOrgId()}", Multipart.Upload("acme/bert-base-final", files));

        Assert.Equal("ok", (await byDefault.ReadObjectAsync())["verdict"]!.GetValue<string>());
        foreach (var strict in new[] { named, byKey })
        {
            var verdict = await strict.ReadObjectAsync();
            Assert.Equal("misnamed", verdict["verdict"]!.GetValue<string>());
            Assert.Contains(verdict["findings"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "convention");
        }

        Assert.Equal(HttpStatusCode.Forbidden, otherOrg.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_check_needs_a_signed_in_caller_and_a_name()
    {
        using var anonymous = await portal.Anonymous().PostAsync("/api/check", Multipart.Upload("acme/x", ("config.json", ApiCalls.BertConfig)));
        using var nameless = await portal.As(Owner).PostAsync("/api/check", Multipart.Upload(null, ("config.json", ApiCalls.BertConfig)));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.NotNull((await nameless.ReadObjectAsync())["errors"]!["name"]);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var document = await portal.Anonymous().GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/openapi/v1.json");

        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Contains("/api/orgs", paths);
        Assert.Contains("/api/orgs/{org}/models", paths);
        Assert.Contains("/api/orgs/{org}/models/{owner}/{name}", paths);
        Assert.Contains("/api/check", paths);
        Assert.Contains("/api/hooks/huggingface/{org}", paths);
        Assert.NotNull(document["components"]!["securitySchemes"]!["apiKey"]);
        var list = document["paths"]!["/api/orgs/{org}/models"]!["get"]!;
        Assert.Equal(["org", "verdict", "finding", "q", "author", "minScore", "maxScore", "sort", "page", "pageSize", "review", "assignee"],
            list["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.NotNull(list["responses"]!["403"]);
        Assert.NotNull(list["responses"]!["401"]);
        Assert.Equal(["bearer", "apiKey"], list["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));
        var upload = document["paths"]!["/api/orgs/{org}/models"]!["post"]!;
        Assert.Equal(["application/json", "multipart/form-data"], upload["requestBody"]!["content"]!.AsObject().Select(c => c.Key).Order(StringComparer.Ordinal));
    }
}
