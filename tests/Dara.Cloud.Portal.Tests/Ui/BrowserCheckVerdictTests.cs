using System.Text;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Components.Check;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Ui;
using Dara.Cloud.Portal.Uploads;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Portal.Tests.Ui;

/// <summary>The check page's verdict on dropped files, read and checked as the page does, against the real silo.</summary>
[Collection(PortalCollection.Name)]
public sealed class BrowserCheckVerdictTests(PortalFactory portal)
{
    private const string Owner = "check-verdict-owner@example.com";

    [Fact]
    public async Task A_git_lfs_pointer_dropped_beside_the_config_still_gives_the_verdict_the_api_gives()
    {
        // A clone without git-lfs has pointers in place of its weights; the page refused the whole check over one of them
        // ("header length 8243122714454668662 exceeds the limit") while the API checked the config and passed it over.
        var org = await portal.CreateOrgAsync(Owner);
        var scope = new OrgScope(portal.Grains, new OrganizationInfo(new TenantId(org), org, DateTimeOffset.UtcNow), Owner, OrgRole.Owner);
        var pointer = Encoding.ASCII.GetBytes($"version https://git-lfs.github.com/spec/v1\noid sha256:{new string('b', 64)}\nsize 438016512\n");
        var check = new BrowserCheck(Options.Create(new UploadOptions()));

        var files = await check.ReadAsync(
            [
                new CheckFile(new DroppedFile("config.json", Encoding.UTF8.GetBytes(ApiCalls.BertConfig)), CheckFileKind.Config),
                new CheckFile(new DroppedFile("model.safetensors", pointer), CheckFileKind.Safetensors),
            ],
            CancellationToken.None);
        var document = await BrowserCheck.CheckAsync(scope, "acme/bert-base-uncased", files);
        using var api = await portal.As(Owner).PostAsync(
            $"/api/check?org={org}",
            Multipart.Upload("acme/bert-base-uncased", ("config.json", Encoding.UTF8.GetBytes(ApiCalls.BertConfig)), ("model.safetensors", pointer)));
        var apiDocument = JsonNode.Parse(await api.Content.ReadAsStringAsync())!;

        Assert.Equal(apiDocument["verdict"]!.GetValue<string>(), document.Verdict.ToString().ToLowerInvariant());
        Assert.Equal(apiDocument["score"]!.GetValue<int>(), document.Score);
        Assert.Equal("bert", document.Facts.ModelType);
        Assert.DoesNotContain(document.Problems, problem => problem.Problem.Contains("header length", StringComparison.Ordinal));
    }
}
