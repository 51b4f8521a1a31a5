using Dara.Cloud.Grains.Organizations;
using Dara.Cloud.Registry.Webhooks;

namespace Dara.Cloud.Grains.Tests;

/// <summary>What an organization tells about its Hub webhook secret (never the secret), and removing it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookSecretStatusTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_status_says_whether_a_secret_is_set_and_when_and_by_whom_the_current_one_was_made()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        Assert.Equal(WebhookSecretStatus.None, await organization.GetWebhookSecretAsync());

        var before = DateTimeOffset.UtcNow;
        var first = await organization.CreateWebhookSecretAsync(" ada@example.com ");
        var rotated = await organization.CreateWebhookSecretAsync("bob@example.com");
        var status = await organization.GetWebhookSecretAsync();

        Assert.Equal((true, "ada@example.com"), (first.Status.IsSet, first.Status.CreatedBy));
        Assert.Equal(rotated.Status, status);
        Assert.Equal((true, "bob@example.com"), (status.IsSet, status.CreatedBy));
        Assert.InRange(status.CreatedAt!.Value, before, DateTimeOffset.UtcNow);
        Assert.NotEqual(first.Secret, rotated.Secret);
        Assert.False(await organization.VerifyWebhookSecretAsync(first.Secret));
        Assert.True(await organization.VerifyWebhookSecretAsync(rotated.Secret));

        // Kept across activations, like the secret's hash.
        await fixture.DeactivateAsync(organization);
        Assert.Equal(status, await organization.GetWebhookSecretAsync());
    }

    [Fact]
    public async Task A_removed_secret_is_refused_and_a_new_one_can_be_made_after()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var made = await organization.CreateWebhookSecretAsync("ada@example.com");

        Assert.True(await organization.RemoveWebhookSecretAsync());
        Assert.False(await organization.RemoveWebhookSecretAsync());

        Assert.Equal(WebhookSecretStatus.None, await organization.GetWebhookSecretAsync());
        Assert.False(await organization.VerifyWebhookSecretAsync(made.Secret));
        var again = await organization.CreateWebhookSecretAsync("ada@example.com");
        Assert.True(await organization.VerifyWebhookSecretAsync(again.Secret));
    }

    [Fact]
    public async Task A_secret_made_before_its_maker_was_recorded_reads_as_set_with_no_time_or_maker()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        await fixture.RewriteStoredStateAsync<OrganizationState>(organization, OrganizationGrain.StateName, state => state with
        {
            WebhookSecretHash = WebhookSecret.Hash("an-older-secret"),
        });

        Assert.Equal(new WebhookSecretStatus(true), await organization.GetWebhookSecretAsync());
        Assert.True(await organization.VerifyWebhookSecretAsync("an-older-secret"));
    }

    [Fact]
    public async Task A_secret_needs_a_maker_and_an_organization()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var missing = fixture.Client.GetGrain<IOrganizationGrain>(tenant.Value);
        await Assert.ThrowsAsync<InvalidOperationException>(() => missing.CreateWebhookSecretAsync("ada@example.com"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => missing.RemoveWebhookSecretAsync());
        Assert.Equal(WebhookSecretStatus.None, await missing.GetWebhookSecretAsync());

        var organization = await fixture.CreateOrganizationAsync(tenant);
        await Assert.ThrowsAsync<ArgumentException>(() => organization.CreateWebhookSecretAsync(" "));
        Assert.Equal(WebhookSecretStatus.None, await organization.GetWebhookSecretAsync());
    }
}
