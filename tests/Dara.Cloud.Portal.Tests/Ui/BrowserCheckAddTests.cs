using System.Text;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Ui;

namespace Dara.Cloud.Portal.Tests.Ui;

/// <summary>"Add to the organization" after a check on the check page, against the real silo and the fake Hub.</summary>
[Collection(PortalCollection.Name)]
public sealed class BrowserCheckAddTests(PortalFactory portal)
{
    private const string Owner = "check-add-owner@example.com";

    [Fact]
    public async Task A_hub_model_checked_without_files_is_added_from_the_hub()
    {
        // The empty dashboard's "Register from the Hub" leads to the check page, which offered "Add" only after dropped files.
        var org = await portal.CreateOrgAsync(Owner);
        var hubId = $"hub-author/bert-base-{Guid.NewGuid():N}"[..40];
        portal.Hub.AddModel(hubId, new Dictionary<string, byte[]> { ["config.json"] = Encoding.UTF8.GetBytes(ApiCalls.BertConfig) });
        var reviewer = new OrgScope(portal.Grains, new OrganizationInfo(new TenantId(org), org, DateTimeOffset.UtcNow), Owner, OrgRole.Owner);

        var view = await BrowserCheck.AddAsync(reviewer, hubId, artifacts: null);

        Assert.NotNull(view);
        Assert.Equal(ModelOrigin.HubKind, view.Origin.Kind);
        Assert.Equal(hubId, view.Origin.HubId);
        Assert.NotNull(view.Current);
    }

    [Fact]
    public async Task A_new_model_past_the_organizations_limit_is_refused_with_the_limit_and_added_nowhere()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddIndexedModelsAsync(org, PortalFactory.MaxModels);
        var hubId = $"hub-author/bert-base-{Guid.NewGuid():N}"[..40];
        portal.Hub.AddModel(hubId, new Dictionary<string, byte[]> { ["config.json"] = Encoding.UTF8.GetBytes(ApiCalls.BertConfig) });
        var reviewer = new OrgScope(portal.Grains, new OrganizationInfo(new TenantId(org), org, DateTimeOffset.UtcNow), Owner, OrgRole.Owner);

        var refused = await Assert.ThrowsAsync<ModelLimitReachedException>(() => BrowserCheck.AddAsync(reviewer, hubId, artifacts: null));

        Assert.Contains($"limit of {PortalFactory.MaxModels} models", refused.Message, StringComparison.Ordinal);
        Assert.Null((await reviewer.ModelAsync(hubId, model => model.GetAsync())).Result);
    }

    [Fact]
    public async Task A_name_that_is_no_model_id_adds_nothing()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var reviewer = new OrgScope(portal.Grains, new OrganizationInfo(new TenantId(org), org, DateTimeOffset.UtcNow), Owner, OrgRole.Owner);

        Assert.Null(await BrowserCheck.AddAsync(reviewer, "not a model id", artifacts: null));
    }
}
