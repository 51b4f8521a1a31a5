using Dara.Cloud.Grains.Organizations;

namespace Dara.Cloud.Grains.Tests;

/// <summary>An API key acts for the member who created it: never above their current role, and not after they leave.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiKeyCreatorTests(ClusterFixture fixture)
{
    private const string Ada = "ada@example.com";
    private const string Bob = "bob@example.com";

    [Fact]
    public async Task A_key_made_by_an_owner_who_was_demoted_acts_as_a_reviewer()
    {
        var organization = await OrganizationWithTwoOwnersAsync(ClusterFixture.EnterNewTenant());
        var key = await organization.CreateApiKeyAsync("ci", OrgRole.Owner, ApiKeyCreator.User("ADA@example.com"));
        Assert.Equal(OrgRole.Owner, (await organization.AuthenticateApiKeyAsync(key.Secret))?.Role);

        await organization.SetMemberAsync(Ada, OrgRole.Reviewer);

        var grant = await organization.AuthenticateApiKeyAsync(key.Secret);
        Assert.Equal(new ApiKeyGrant(key.Info.Id, OrgRole.Reviewer, Ada), grant);
        Assert.Equal(OrgRole.Owner, (await organization.GetApiKeysAsync()).Single().Role);
    }

    [Fact]
    public async Task A_key_whose_creator_left_the_organization_is_refused()
    {
        var organization = await OrganizationWithTwoOwnersAsync(ClusterFixture.EnterNewTenant());
        var key = await organization.CreateApiKeyAsync("ci", OrgRole.Viewer, ApiKeyCreator.User(Ada));

        await organization.RemoveMemberAsync(Ada);

        Assert.Null(await organization.AuthenticateApiKeyAsync(key.Secret));
        await organization.SetMemberAsync(Ada, OrgRole.Viewer);
        Assert.Equal(OrgRole.Viewer, (await organization.AuthenticateApiKeyAsync(key.Secret))?.Role);
    }

    [Fact]
    public async Task A_key_made_with_a_key_acts_for_the_member_behind_it_and_is_limited_by_their_role()
    {
        var organization = await OrganizationWithTwoOwnersAsync(ClusterFixture.EnterNewTenant());
        var first = await organization.CreateApiKeyAsync("provisioner", OrgRole.Owner, ApiKeyCreator.User(Ada));
        var second = await organization.CreateApiKeyAsync("job", OrgRole.Owner, ApiKeyCreator.Key(first.Info.Id));
        var third = await organization.CreateApiKeyAsync("sub-job", OrgRole.Reviewer, ApiKeyCreator.Key(second.Info.Id));

        Assert.Equal((Ada, first.Info.Id), (second.Info.CreatedBy, second.Info.CreatedWithKey));
        Assert.Equal((Ada, second.Info.Id), (third.Info.CreatedBy, third.Info.CreatedWithKey));

        await organization.SetMemberAsync(Ada, OrgRole.Viewer);

        Assert.Equal(OrgRole.Viewer, (await organization.AuthenticateApiKeyAsync(second.Secret))?.Role);
        Assert.Equal(OrgRole.Viewer, (await organization.AuthenticateApiKeyAsync(third.Secret))?.Role);
    }

    [Fact]
    public async Task No_key_is_made_with_a_higher_role_than_its_creator_s_effective_role()
    {
        var organization = await OrganizationWithTwoOwnersAsync(ClusterFixture.EnterNewTenant());
        await organization.SetMemberAsync("rita@example.com", OrgRole.Reviewer);
        var ownerKey = await organization.CreateApiKeyAsync("ci", OrgRole.Owner, ApiKeyCreator.User(Ada));
        await organization.SetMemberAsync(Ada, OrgRole.Reviewer);

        await Assert.ThrowsAsync<RoleTooLowException>(() => organization.CreateApiKeyAsync("up", OrgRole.Owner, ApiKeyCreator.User("rita@example.com")));
        await Assert.ThrowsAsync<RoleTooLowException>(() => organization.CreateApiKeyAsync("up", OrgRole.Owner, ApiKeyCreator.Key(ownerKey.Info.Id)));
        await Assert.ThrowsAsync<RoleTooLowException>(() => organization.CreateApiKeyAsync("x", OrgRole.Viewer, ApiKeyCreator.User("stranger@example.com")));
        var allowed = await organization.CreateApiKeyAsync("down", OrgRole.Reviewer, ApiKeyCreator.Key(ownerKey.Info.Id));

        Assert.Equal(OrgRole.Reviewer, allowed.Info.Role);
        Assert.Equal(["ci", "down"], (await organization.GetApiKeysAsync()).Select(k => k.Name));
    }

    [Fact]
    public async Task Revoking_a_key_revokes_the_keys_made_with_it_but_not_its_siblings()
    {
        var organization = await OrganizationWithTwoOwnersAsync(ClusterFixture.EnterNewTenant());
        var leaked = await organization.CreateApiKeyAsync("leaked", OrgRole.Owner, ApiKeyCreator.User(Ada));
        var minted = await organization.CreateApiKeyAsync("minted", OrgRole.Owner, ApiKeyCreator.Key(leaked.Info.Id));
        var mintedAgain = await organization.CreateApiKeyAsync("minted-again", OrgRole.Owner, ApiKeyCreator.Key(minted.Info.Id));
        var sibling = await organization.CreateApiKeyAsync("sibling", OrgRole.Owner, ApiKeyCreator.User(Ada));

        await organization.RevokeApiKeyAsync(leaked.Info.Id, Bob);

        Assert.Null(await organization.AuthenticateApiKeyAsync(minted.Secret));
        Assert.Null(await organization.AuthenticateApiKeyAsync(mintedAgain.Secret));
        Assert.Equal(OrgRole.Owner, (await organization.AuthenticateApiKeyAsync(sibling.Secret))?.Role);
        Assert.All(
            (await organization.GetApiKeysAsync()).Where(k => k.Name != "sibling"),
            key => Assert.Equal((true, Bob), (key.Revoked, key.RevokedBy)));
        await Assert.ThrowsAsync<RoleTooLowException>(() => organization.CreateApiKeyAsync("more", OrgRole.Viewer, ApiKeyCreator.Key(leaked.Info.Id)));
    }

    [Fact]
    public async Task A_key_stored_before_creators_were_recorded_keeps_its_role_shows_creator_unknown_and_makes_no_keys()
    {
        var organization = await OrganizationWithTwoOwnersAsync(ClusterFixture.EnterNewTenant());
        var legacy = await organization.CreateApiKeyAsync("legacy", OrgRole.Owner, ApiKeyCreator.User(Ada));
        await fixture.RewriteStoredStateAsync<OrganizationState>(organization, OrganizationGrain.StateName, state => state with
        {
            ApiKeys = state.ApiKeys.Select(k => k with { Info = k.Info with { CreatedBy = null, CreatedWithKey = null } }).ToArray(),
        });

        await organization.RemoveMemberAsync(Ada);

        var listed = Assert.Single(await organization.GetApiKeysAsync());
        Assert.True(listed.CreatorUnknown);
        Assert.Equal(new ApiKeyGrant(legacy.Info.Id, OrgRole.Owner, null), await organization.AuthenticateApiKeyAsync(legacy.Secret));
        var refused = await Assert.ThrowsAsync<RoleTooLowException>(() => organization.CreateApiKeyAsync("heir", OrgRole.Viewer, ApiKeyCreator.Key(legacy.Info.Id)));
        Assert.Contains("replace it", refused.Message, StringComparison.Ordinal);
    }

    // The tenant is entered by the test itself: one set inside this async method would not flow back to it.
    private async Task<IOrganizationGrain> OrganizationWithTwoOwnersAsync(TenantId tenant)
    {
        var organization = await fixture.CreateOrganizationAsync(tenant, Bob);
        await organization.SetMemberAsync(Ada, OrgRole.Owner);
        return organization;
    }
}
