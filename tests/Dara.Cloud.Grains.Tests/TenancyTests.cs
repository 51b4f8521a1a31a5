namespace Dara.Cloud.Grains.Tests;

/// <summary>The tenant call filter: a call reaches a grain only for the tenant its key belongs to.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TenancyTests(ClusterFixture fixture)
{
    /// <summary>Every kind of call one organization could try on another's grains.</summary>
    public static TheoryData<string> CrossTenantCalls() =>
    [
        "organization.read", "organization.members", "organization.write", "organization.list", "organization.stats",
        "organization.api-keys", "organization.authenticate", "organization.record", "model.read", "model.submit",
        "model.review", "model.review-history", "model.delete", "watcher.status", "watcher.poll", "artifacts.read", "review-archive.read",
        "review-archive.store", "reanalysis.read", "reanalysis.start",
    ];

    [Theory]
    [MemberData(nameof(CrossTenantCalls))]
    public async Task A_call_for_another_tenant_is_refused_and_changes_nothing(string call)
    {
        var victim = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(victim);
        var key = await organization.CreateApiKeyAsync("ci", OrgRole.Owner, ApiKeyCreator.User("owner@example.com"));
        await fixture.Model(victim, "acme/bert-sentiment").SubmitAsync(Artifacts.UploadHeadsOnly());

        ClusterFixture.EnterNewTenant();
        var denied = await Assert.ThrowsAsync<TenantAccessDeniedException>(() => Call(call, victim, key.Secret));
        Assert.IsAssignableFrom<UnauthorizedAccessException>(denied);
        Assert.Contains(victim.Value, denied.Message, StringComparison.Ordinal);

        TenantContext.Set(victim);
        var view = await fixture.Model(victim, "acme/bert-sentiment").GetAsync();
        Assert.NotNull(view);
        Assert.Empty(view.Review.Events);
        Assert.Single(await organization.GetMembersAsync());
        Assert.Equal(1, (await organization.ListModelsAsync(new ModelQuery())).Total);
        Assert.Null(await fixture.Client.GetGrain<IReanalysisGrain>(victim.Value).GetAsync());
    }

    [Theory]
    [MemberData(nameof(CrossTenantCalls))]
    public async Task A_call_without_a_tenant_is_refused(string call)
    {
        var victim = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(victim);

        TenantContext.Clear();
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => Call(call, victim, "dara_x_y"));
    }

    [Fact]
    public async Task An_api_key_of_one_organization_cannot_be_presented_to_it_from_another_tenant()
    {
        var owner = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(owner);
        var key = await organization.CreateApiKeyAsync("ci", OrgRole.Owner, ApiKeyCreator.User("owner@example.com"));

        var intruder = ClusterFixture.EnterNewTenant();
        var theirs = await fixture.CreateOrganizationAsync(intruder);

        Assert.Null(await theirs.AuthenticateApiKeyAsync(key.Secret));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => organization.AuthenticateApiKeyAsync(key.Secret));
    }

    [Fact]
    public async Task The_analysis_worker_serves_every_tenant_because_it_is_given_data_not_keys()
    {
        ClusterFixture.EnterNewTenant();
        var worker = fixture.Client.GetGrain<IAnalysisWorker>(0);

        var outcome = await worker.AnalyzeAsync(new AnalysisRequest("acme/bert-sentiment", PolicyRecord.Default, Artifacts.UploadHeadsOnly()));

        Assert.NotEqual("unreadable", outcome.Verdict.Verdict);
    }

    [Fact]
    public async Task A_user_grain_is_keyed_by_a_person_so_it_answers_for_every_tenant_and_without_one()
    {
        var user = $"user-{Guid.NewGuid():N}@example.com";
        var first = ClusterFixture.EnterNewTenant();
        await fixture.Client.GetGrain<IUserGrain>(user).JoinAsync(first);
        var second = ClusterFixture.EnterNewTenant();
        await fixture.Client.GetGrain<IUserGrain>(user).JoinAsync(second);

        TenantContext.Clear();
        Assert.Equal([first, second], await fixture.Client.GetGrain<IUserGrain>(user).GetOrganizationsAsync());
    }

    [Fact]
    public void Only_contracts_marked_not_tenant_owned_skip_the_tenant_check_and_every_other_one_is_keyed_by_a_string()
    {
        var contracts = new[] { typeof(IModelGrain).Assembly, typeof(DaraStorage).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.IsInterface && typeof(IGrain).IsAssignableFrom(type))
            .ToList();

        var exempt = contracts.Where(contract => !Security.TenantCallFilter.IsTenantOwned(contract)).OrderBy(contract => contract.Name).ToList();

        Assert.Equal([typeof(IAnalysisWorker), typeof(IEntraAccountGrain), typeof(IUserGrain)], exempt);
        Assert.All(exempt, contract => Assert.False(string.IsNullOrWhiteSpace(
            ((NotTenantOwnedAttribute)Attribute.GetCustomAttribute(contract, typeof(NotTenantOwnedAttribute))!).Reason)));

        // A guarded grain's key must be able to carry its tenant: a string that starts with it.
        Assert.All(contracts.Except(exempt), contract => Assert.True(typeof(IGrainWithStringKey).IsAssignableFrom(contract), contract.Name));
    }

    private Models.IReviewArchiveGrain ArchivePage(TenantId victim) =>
        fixture.Client.GetGrain<Models.IReviewArchiveGrain>(Models.ReviewArchive.PageKey(ModelKey.Parse(victim, "acme/bert-sentiment"), 1));

    private Task Call(string call, TenantId victim, string secret)
    {
        var organization = fixture.Client.GetGrain<IOrganizationGrain>(victim.Value);
        var model = fixture.Model(victim, "acme/bert-sentiment");
        var watcher = fixture.Client.GetGrain<IRegistryWatcherGrain>(victim.Value);
        return call switch
        {
            "organization.read" => organization.GetInfoAsync(),
            "organization.members" => organization.GetMembersAsync(),
            "organization.write" => organization.SetMemberAsync("intruder@example.com", OrgRole.Owner),
            "organization.list" => organization.ListModelsAsync(new ModelQuery()),
            "organization.stats" => organization.GetStatsAsync(),
            "organization.api-keys" => organization.CreateApiKeyAsync("stolen", OrgRole.Owner, ApiKeyCreator.User("owner@example.com")),
            "organization.authenticate" => organization.AuthenticateApiKeyAsync(secret),
            "organization.record" => organization.RecordModelAsync(new ModelSummary("x", "y", "ok", 100, [], "x/y", null, null, DateTimeOffset.UtcNow, "upload", "open", null)),
            "model.read" => model.GetAsync(),
            "model.submit" => model.SubmitAsync(Artifacts.Upload(Artifacts.Gpt2Files())),
            "model.review" => model.ReviewAsync("intruder@example.com", new ReviewAction(ReviewActions.Comment, Text: "hi")),
            "model.delete" => model.DeleteAsync(),
            "watcher.status" => watcher.GetStatusAsync(),
            "watcher.poll" => watcher.PollNowAsync(),
            "reanalysis.read" => fixture.Client.GetGrain<IReanalysisGrain>(victim.Value).GetAsync(),
            "reanalysis.start" => fixture.Client.GetGrain<IReanalysisGrain>(victim.Value).StartAsync(force: true, "intruder@example.com"),
            "artifacts.read" => fixture.Client.GetGrain<Models.IArtifactStoreGrain>(ModelKey.Parse(victim, "acme/bert-sentiment").GrainKey).GetAsync(),
            "model.review-history" => model.GetReviewHistoryAsync(null, 10),
            "review-archive.read" => ArchivePage(victim).GetAsync(),
            "review-archive.store" => ArchivePage(victim).StoreAsync([new ReviewEvent(DateTimeOffset.UtcNow, "intruder@example.com", ReviewActions.Comment, "hi", 1)]),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
        };
    }
}
