namespace Dara.Cloud.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OrganizationGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_created_organization_has_its_creator_as_owner_and_cannot_be_created_twice()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant, "ada@example.com");

        var info = await organization.GetInfoAsync();
        Assert.Equal(tenant, info!.Id);
        Assert.Equal(OrgRole.Owner, await organization.GetRoleAsync("ADA@example.com"));
        Assert.Null(await organization.GetRoleAsync("bob@example.com"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => organization.CreateAsync("Again", "bob@example.com"));
    }

    [Fact]
    public async Task An_organization_never_created_says_so_and_refuses_changes()
    {
        var tenant = ClusterFixture.NewTenant();
        TenantContext.Set(tenant);
        var organization = fixture.Client.GetGrain<IOrganizationGrain>(tenant.Value);

        Assert.Null(await organization.GetInfoAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => organization.SetMemberAsync("a@example.com", OrgRole.Viewer));
    }

    [Fact]
    public async Task Members_get_and_change_roles_but_the_last_owner_is_protected()
    {
        var tenant2 = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant2, "ada@example.com");

        await organization.SetMemberAsync("bob@example.com", OrgRole.Reviewer);
        await organization.SetMemberAsync("cy@example.com", OrgRole.Viewer);
        Assert.Equal(OrgRole.Reviewer, await organization.GetRoleAsync("bob@example.com"));

        var demote = await Assert.ThrowsAsync<InvalidOperationException>(() => organization.SetMemberAsync("ada@example.com", OrgRole.Viewer));
        Assert.Contains("last owner", demote.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => organization.RemoveMemberAsync("ada@example.com"));

        await organization.SetMemberAsync("bob@example.com", OrgRole.Owner);
        await organization.SetMemberAsync("ada@example.com", OrgRole.Viewer);
        var members = await organization.RemoveMemberAsync("cy@example.com");

        Assert.Equal(["ada@example.com:Viewer", "bob@example.com:Owner"], members.Select(m => $"{m.UserId}:{m.Role}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Members_and_policy_survive_deactivation()
    {
        var tenant3 = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant3);
        await organization.SetMemberAsync("bob@example.com", OrgRole.Reviewer);
        await organization.SetPolicyAsync(PolicyRecord.Default with { Lowercase = true, ForbiddenWords = ["tmp"] });

        await fixture.DeactivateAsync(organization);

        Assert.Equal(OrgRole.Reviewer, await organization.GetRoleAsync("bob@example.com"));
        var policy = await organization.GetPolicyAsync();
        Assert.True(policy.Lowercase);
        Assert.Equal(["tmp"], policy.ForbiddenWords);
    }

    [Fact]
    public async Task A_policy_naming_an_unknown_element_or_severity_is_refused()
    {
        var tenant4 = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant4);

        await Assert.ThrowsAsync<ArgumentException>(() => organization.SetPolicyAsync(PolicyRecord.Default with { Order = ["A", "Z"] }));
        await Assert.ThrowsAsync<ArgumentException>(() => organization.SetPolicyAsync(PolicyRecord.Default with { Severity = "fatal" }));
        Assert.Equal(PolicyRecord.Default.Order, (await organization.GetPolicyAsync()).Order);
    }

    [Fact]
    public async Task An_api_key_is_shown_once_stored_as_a_hash_and_grants_its_role_until_revoked()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);

        var created = await organization.CreateApiKeyAsync("ci", OrgRole.Reviewer, ApiKeyCreator.User("owner@example.com"));

        Assert.StartsWith($"dara_{tenant.Value}_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(43, created.Secret.Length - $"dara_{tenant.Value}_".Length);
        Assert.True(ApiKeySecrets.TryGetTenant(created.Secret, out var claimed));
        Assert.Equal(tenant, claimed);
        Assert.Null((await organization.GetApiKeysAsync()).Single().LastUsedAt);

        Assert.Equal(OrgRole.Reviewer, (await organization.AuthenticateApiKeyAsync(created.Secret))?.Role);
        Assert.Null(await organization.AuthenticateApiKeyAsync(created.Secret[..^1] + (created.Secret[^1] == 'A' ? 'B' : 'A')));
        Assert.NotNull((await organization.GetApiKeysAsync()).Single().LastUsedAt);

        await organization.RevokeApiKeyAsync(created.Info.Id, "owner@example.com");
        Assert.Null(await organization.AuthenticateApiKeyAsync(created.Secret));
        Assert.True((await organization.GetApiKeysAsync()).Single().Revoked);
    }

    [Fact]
    public async Task An_api_key_of_another_organization_is_not_accepted()
    {
        var tenant6 = ClusterFixture.EnterNewTenant();
        var first = await fixture.CreateOrganizationAsync(tenant6);
        var key = await first.CreateApiKeyAsync("ci", OrgRole.Owner, ApiKeyCreator.User("owner@example.com"));
        var tenant7 = ClusterFixture.EnterNewTenant();
        var second = await fixture.CreateOrganizationAsync(tenant7);
        await second.CreateApiKeyAsync("ci", OrgRole.Owner, ApiKeyCreator.User("owner@example.com"));

        Assert.Null(await second.AuthenticateApiKeyAsync(key.Secret));
    }

    [Fact]
    public async Task The_webhook_secret_is_returned_once_and_checked_against_its_hash()
    {
        var tenant8 = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant8);
        Assert.False(await organization.VerifyWebhookSecretAsync("anything"));

        var secret = (await organization.CreateWebhookSecretAsync("owner@example.com")).Secret;

        Assert.True(await organization.VerifyWebhookSecretAsync(secret));
        Assert.False(await organization.VerifyWebhookSecretAsync(secret + "x"));
        Assert.False(await organization.VerifyWebhookSecretAsync(""));
        var replaced = (await organization.CreateWebhookSecretAsync("owner@example.com")).Secret;
        Assert.False(await organization.VerifyWebhookSecretAsync(secret));
        Assert.True(await organization.VerifyWebhookSecretAsync(replaced));
    }

    [Fact]
    public async Task Watched_authors_are_validated_deduplicated_and_start_and_stop_the_watcher()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var watcher = fixture.Client.GetGrain<IRegistryWatcherGrain>(tenant.Value);

        await Assert.ThrowsAsync<ArgumentException>(() => organization.SetWatchedAuthorsAsync(["good", "bad/name"]));
        await organization.SetWatchedAuthorsAsync(["acme", "ACME", "other-org"]);

        Assert.Equal(["acme", "other-org"], await organization.GetWatchedAuthorsAsync());
        Assert.True((await watcher.GetStatusAsync()).Active);

        await organization.SetWatchedAuthorsAsync([]);
        Assert.False((await watcher.GetStatusAsync()).Active);
    }

    [Fact]
    public async Task Revoked_api_keys_are_listed_with_when_and_by_whom_and_only_the_latest_are_kept()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var first = await organization.CreateApiKeyAsync("first", OrgRole.Viewer, ApiKeyCreator.User("owner@example.com"));
        await organization.RevokeApiKeyAsync(first.Info.Id, "owner@example.com");
        await organization.RevokeApiKeyAsync(first.Info.Id, "someone-else@example.com");

        var listed = Assert.Single(await organization.GetApiKeysAsync());
        Assert.True(listed.Revoked);
        Assert.NotNull(listed.RevokedAt);
        Assert.Equal("owner@example.com", listed.RevokedBy);

        // Creating and revoking in a loop keeps the latest 100 revoked keys (the default limit), never a live one.
        for (var i = 0; i < 105; i++)
        {
            var key = await organization.CreateApiKeyAsync($"loop-{i}", OrgRole.Viewer, ApiKeyCreator.User("owner@example.com"));
            await organization.RevokeApiKeyAsync(key.Info.Id, "owner@example.com");
        }

        var live = await organization.CreateApiKeyAsync("live", OrgRole.Reviewer, ApiKeyCreator.User("owner@example.com"));
        var keys = await organization.GetApiKeysAsync();
        Assert.Equal(101, keys.Count);
        Assert.Equal(100, keys.Count(k => k.Revoked));
        Assert.DoesNotContain(keys, k => k.Name is "first" or "loop-0" or "loop-4");
        Assert.Contains(keys, k => k.Name == "loop-5");
        Assert.Equal(OrgRole.Reviewer, (await organization.AuthenticateApiKeyAsync(live.Secret))?.Role);
    }

    [Fact]
    public async Task A_full_organization_takes_no_new_member_but_still_changes_roles()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);

        // The owner is the first of the default 1000.
        for (var i = 1; i < 1000; i++)
        {
            await organization.SetMemberAsync($"member-{i}@example.com", OrgRole.Viewer);
        }

        var full = await Assert.ThrowsAsync<InvalidOperationException>(() => organization.SetMemberAsync("one-more@example.com", OrgRole.Viewer));
        var promoted = await organization.SetMemberAsync("member-7@example.com", OrgRole.Owner);

        Assert.Contains("1000 members", full.Message, StringComparison.Ordinal);
        Assert.Equal(1000, promoted.Count);
        Assert.Null(await organization.GetRoleAsync("one-more@example.com"));
        Assert.Equal(OrgRole.Owner, await organization.GetRoleAsync("member-7@example.com"));
    }
}
