namespace Dara.Cloud.Grains.Tests;

/// <summary>
/// The per-organization model limit (<see cref="ClusterFixture.MaxModels"/> here): new models are refused at it, models
/// the organization has are not, and a failed registration takes no place. (The watcher at the limit: <see cref="RegistryWatcherTests"/>.)
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelLimitTests(ClusterFixture fixture)
{
    /// <summary>An organization with <paramref name="models"/> models in its index.</summary>
    private async Task<IOrganizationGrain> OrganizationWithModelsAsync(TenantId tenant, int models)
    {
        var organization = await fixture.CreateOrganizationAsync(tenant);
        await ClusterFixture.AddIndexedModelsAsync(organization, models);
        return organization;
    }

    [Fact]
    public async Task A_full_organization_refuses_a_new_model_but_not_one_it_has()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await OrganizationWithModelsAsync(tenant, ClusterFixture.MaxModels);

        var refused = await Assert.ThrowsAsync<ModelLimitReachedException>(() => organization.ClaimModelIdAsync("acme/one-more"));

        Assert.Contains($"limit of {ClusterFixture.MaxModels} models", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await organization.GetRoomForModelsAsync());
        Assert.Equal("filler/model-07", await organization.ClaimModelIdAsync("FILLER/Model-07"));
        Assert.Null(await organization.FindModelIdAsync("acme/one-more"));

        await organization.ForgetModelAsync("filler", "model-07");
        Assert.Equal("acme/one-more", await organization.ClaimModelIdAsync("acme/one-more"));
    }

    [Fact]
    public async Task Registrations_in_flight_take_places_so_racing_ones_cannot_pass_the_limit_together()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await OrganizationWithModelsAsync(tenant, ClusterFixture.MaxModels - 2);

        var claims = await Task.WhenAll(Enumerable.Range(0, 5).Select(async i =>
        {
            try
            {
                return await organization.ClaimModelIdAsync($"acme/racing-{i}");
            }
            catch (ModelLimitReachedException)
            {
                return null;
            }
        }));

        Assert.Equal(2, claims.Count(claim => claim is not null));
        Assert.Equal(0, await organization.GetRoomForModelsAsync());
    }

    [Fact]
    public async Task A_registration_that_fails_gives_its_place_back()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await OrganizationWithModelsAsync(tenant, ClusterFixture.MaxModels - 1);
        var missing = ModelKey.Parse(tenant, $"nobody-{Guid.NewGuid():N}"[..20] + "/not-on-the-hub");

        var model = fixture.Client.GetGrain<IModelGrain>((await organization.ClaimAsync(missing)).GrainKey);
        await Assert.ThrowsAsync<ModelNotOnHubException>(() => model.RegisterFromHubAsync());

        Assert.Equal(1, await organization.GetRoomForModelsAsync());
    }
}
