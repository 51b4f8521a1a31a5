using System.Security.Claims;
using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Ui;

namespace Dara.Cloud.Portal.Tests.Ui;

/// <summary>The settings page's policy saves: only over the revision the page loaded, against the embedded silo.</summary>
[Collection(PortalCollection.Name)]
public sealed class PolicyEditingTests(PortalFactory portal)
{
    private const string Owner = "page-owner@example.com";

    [Fact]
    public async Task A_settings_page_saving_over_a_policy_changed_meanwhile_reloads_it_and_overwrites_nothing()
    {
        var org = await portal.CreateOrgAsync(Owner, "page");
        var scope = (await new OrgAccess(portal.Grains).ResolveAsync(Person(Owner), org)).Scope!;
        var firstPage = new PolicyEditing();
        var secondPage = new PolicyEditing();
        var loaded = await firstPage.LoadAsync(scope);
        await secondPage.LoadAsync(scope);

        var firstSaved = await firstPage.SaveAsync(scope, loaded.Policy with { Lowercase = true });
        var secondSaved = await secondPage.SaveAsync(scope, loaded.Policy with { Severity = "error" });

        Assert.True(firstSaved);
        Assert.False(secondSaved);
        Assert.Equal(firstPage.Current!.Revision, secondPage.Current!.Revision);
        Assert.True(secondPage.Current.Policy.Lowercase);
        var stored = await scope.OrganizationAsync(organization => organization.GetVersionedPolicyAsync());
        Assert.Equal((true, "info"), (stored.Policy.Lowercase, stored.Policy.Severity));
        Assert.True(await secondPage.SaveAsync(scope, stored.Policy with { Severity = "error" }));
    }

    private static ClaimsPrincipal Person(string email) =>
        new(new ClaimsIdentity([new Claim(DaraClaims.UserId, email)], DaraAuthenticationSchemes.Development));
}
