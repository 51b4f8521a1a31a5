using System.Text;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Grains.Tests;

/// <summary>The registry watcher against the fake Hub: polling with ETags, new and updated models, faults, webhook events, the model limit.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RegistryWatcherTests(ClusterFixture fixture)
{
    private FakeHubServer Hub => fixture.Hub;

    private static string NewAuthor() => $"w{Guid.NewGuid():N}"[..12];

    /// <summary>An organization watching <paramref name="author"/>, with the reminder stopped so the test drives every poll.</summary>
    private async Task<(IOrganizationGrain Organization, IRegistryWatcherGrain Watcher)> WatchAsync(TenantId tenant, string author)
    {
        var organization = await fixture.CreateOrganizationAsync(tenant);
        await organization.SetWatchedAuthorsAsync([author]);
        var watcher = fixture.Client.GetGrain<IRegistryWatcherGrain>(tenant.Value);
        await watcher.StopAsync();
        return (organization, watcher);
    }

    [Fact]
    public async Task A_poll_registers_new_models_then_only_what_changed()
    {
        var author = NewAuthor();
        for (var i = 0; i < 3; i++)
        {
            Hub.AddModel($"{author}/bert-sentiment-{i}", Artifacts.DistilBertFiles());
        }

        var tenant = ClusterFixture.EnterNewTenant();
        var (organization, watcher) = await WatchAsync(tenant, author);

        Assert.Equal(3, await watcher.PollNowAsync());
        var first = await fixture.Model(tenant, $"{author}/bert-sentiment-1").GetAsync();
        Assert.Equal(ModelOrigin.Hub($"{author}/bert-sentiment-1", Hub.FindModel($"{author}/bert-sentiment-1")!.Sha), first!.Origin);
        Assert.Equal(3, (await organization.ListModelsAsync(new ModelQuery(Author: author))).Total);

        Hub.ClearRequests();
        Assert.Equal(0, await watcher.PollNowAsync());
        var listing = Assert.Single(Hub.Requests);
        Assert.Equal("/api/models", listing.Path);
        Assert.NotNull(listing.IfNoneMatch);

        Hub.AddModel($"{author}/gpt2-new", Artifacts.Gpt2Files());
        var updated = Hub.AddFile($"{author}/bert-sentiment-1", "README.md", Encoding.UTF8.GetBytes("---\nlanguage: de\n---\n# Deutsch\n"));

        Assert.Equal(2, await watcher.PollNowAsync());
        var after = await fixture.Model(tenant, $"{author}/bert-sentiment-1").GetAsync();
        Assert.Equal(updated.Sha, after!.Current!.Revision);
        Assert.Equal(2, after.Analyses);
        Assert.Equal(1, (await fixture.Model(tenant, $"{author}/bert-sentiment-0").GetAsync())!.Analyses);
        Assert.NotNull(await fixture.Model(tenant, $"{author}/gpt2-new").GetAsync());
        var status = await watcher.GetStatusAsync();
        Assert.Equal(5, status.ModelsRegistered);
        Assert.Null(status.LastError);
    }

    [Fact]
    public async Task A_large_author_is_registered_over_several_bounded_polls()
    {
        var author = NewAuthor();
        for (var i = 0; i < 12; i++)
        {
            Hub.AddModel($"{author}/bert-{i:D2}", Artifacts.DistilBertFiles());
        }

        var tenant = ClusterFixture.EnterNewTenant();
        var (organization, watcher) = await WatchAsync(tenant, author);

        Assert.Equal(5, await watcher.PollNowAsync());
        Assert.Equal(5, await watcher.PollNowAsync());
        Assert.Equal(2, await watcher.PollNowAsync());
        Assert.Equal(0, await watcher.PollNowAsync());
        Assert.Equal(12, (await organization.ListModelsAsync(new ModelQuery())).Total);
    }

    [Fact]
    public async Task Registering_a_hub_model_again_at_the_same_commit_reads_nothing()
    {
        var author = NewAuthor();
        var hubModel = Hub.AddModel($"{author}/bert-sentiment", Artifacts.DistilBertFiles());
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, $"{author}/bert-sentiment");

        var first = await model.RegisterFromHubAsync();
        Hub.ClearRequests();
        var again = await model.RegisterFromHubAsync(revision: hubModel.Sha);

        Assert.Empty(Hub.Requests);
        Assert.Equal(first.Current!.AnalyzedAt, again.Current!.AnalyzedAt);
        Assert.Equal(hubModel.Sha, again.Current.Revision);

        var touched = Hub.Touch($"{author}/bert-sentiment");
        var moved = await model.RegisterFromHubAsync();
        Assert.Equal(touched.Sha, moved.Current!.Revision);
        Assert.Equal(2, moved.Analyses);
    }

    [Fact]
    public async Task A_hub_out_of_reach_registers_nothing_and_leaves_a_registered_models_verdict_as_it_was()
    {
        var author = NewAuthor();
        var repoId = $"{author}/bert-sentiment";
        Hub.AddModel(repoId, Artifacts.DistilBertFiles());
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, repoId);
        var other = fixture.Model(tenant, $"{author}/never-registered");

        Hub.Faults.Enqueue(FaultKind.ServiceUnavailable, times: FaultInjector.Always, pathContains: $"{author}/never-registered");
        var refused = await Assert.ThrowsAsync<ModelSourceUnavailableException>(() => other.RegisterFromHubAsync());
        Assert.Contains("503", refused.Message, StringComparison.Ordinal);
        Assert.Null(await other.GetAsync());

        var registered = await model.RegisterFromHubAsync();
        Hub.Faults.Enqueue(FaultKind.ServiceUnavailable, times: FaultInjector.Always, pathContains: repoId);
        await Assert.ThrowsAsync<ModelSourceUnavailableException>(() => model.ReanalyzeAsync(force: true));
        var kept = await model.GetAsync();
        Assert.Equal(registered.Current!.DocumentJson, kept!.Current!.DocumentJson);
        Assert.Equal(1, kept.Analyses);
    }

    [Fact]
    public async Task A_rate_limited_listing_is_retried_after_the_wait_the_hub_asks_for()
    {
        var author = NewAuthor();
        Hub.AddModel($"{author}/bert-sentiment", Artifacts.DistilBertFiles());
        var tenant = ClusterFixture.EnterNewTenant();
        var (_, watcher) = await WatchAsync(tenant, author);

        Hub.Faults.Enqueue(FaultKind.TooManyRequests(retryAfter: 0), times: 1, pathContains: "/api/models");
        Assert.Equal(1, await watcher.PollNowAsync());

        Assert.Null((await watcher.GetStatusAsync()).LastError);
    }

    [Fact]
    public async Task A_failing_hub_is_reported_and_the_next_poll_catches_up()
    {
        var author = NewAuthor();
        Hub.AddModel($"{author}/bert-sentiment", Artifacts.DistilBertFiles());
        var tenant = ClusterFixture.EnterNewTenant();
        var (_, watcher) = await WatchAsync(tenant, author);

        Hub.Faults.Enqueue(FaultKind.ServiceUnavailable, times: 3, pathContains: "/api/models");
        Assert.Equal(0, await watcher.PollNowAsync());
        var failed = await watcher.GetStatusAsync();
        Assert.Contains(author, failed.LastError, StringComparison.Ordinal);
        Assert.Contains("503", failed.LastError, StringComparison.Ordinal);
        Assert.NotNull(failed.LastPoll);

        Assert.Equal(1, await watcher.PollNowAsync());
        Assert.Null((await watcher.GetStatusAsync()).LastError);
    }

    [Fact]
    public async Task A_malformed_listing_is_reported_not_acted_on()
    {
        var author = NewAuthor();
        Hub.AddModel($"{author}/bert-sentiment", Artifacts.DistilBertFiles());
        var tenant = ClusterFixture.EnterNewTenant();
        var (organization, watcher) = await WatchAsync(tenant, author);

        Hub.Faults.Enqueue(FaultKind.MalformedJson, times: 1, pathContains: "/api/models");
        Assert.Equal(0, await watcher.PollNowAsync());

        Assert.NotNull((await watcher.GetStatusAsync()).LastError);
        Assert.Equal(0, (await organization.ListModelsAsync(new ModelQuery())).Total);
    }

    [Fact]
    public async Task The_reminder_polls_on_its_own_for_the_watchers_tenant()
    {
        var author = NewAuthor();
        Hub.AddModel($"{author}/bert-sentiment", Artifacts.DistilBertFiles());
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);

        await organization.SetWatchedAuthorsAsync([author]);

        for (var attempt = 0; attempt < 100 && await fixture.Model(tenant, $"{author}/bert-sentiment").GetAsync() is null; attempt++)
        {
            await Task.Delay(100);
        }

        Assert.NotNull(await fixture.Model(tenant, $"{author}/bert-sentiment").GetAsync());
        await fixture.Client.GetGrain<IRegistryWatcherGrain>(tenant.Value).StopAsync();
    }

    [Fact]
    public async Task An_organization_with_watched_authors_restarts_a_stopped_watcher_when_activated()
    {
        var author = NewAuthor();
        var tenant = ClusterFixture.EnterNewTenant();
        var (organization, watcher) = await WatchAsync(tenant, author);
        Assert.False((await watcher.GetStatusAsync()).Active);

        await fixture.DeactivateAsync(organization);
        await organization.GetInfoAsync();

        Assert.True((await watcher.GetStatusAsync()).Active);
        await watcher.StopAsync();
    }

    [Fact]
    public async Task Webhook_events_for_watched_authors_register_update_and_delete_models_at_once()
    {
        var author = NewAuthor();
        var hubModel = Hub.AddModel($"{author}/bert-sentiment", Artifacts.DistilBertFiles());
        Hub.AddModel("someone-else/gpt2", Artifacts.Gpt2Files());
        var tenant = ClusterFixture.EnterNewTenant();
        var (_, watcher) = await WatchAsync(tenant, author);
        var model = fixture.Model(tenant, $"{author}/bert-sentiment");

        await watcher.HandleAsync(new HubEvent("repo", "create", "model", $"{author}/bert-sentiment", hubModel.Sha));
        Assert.Equal(hubModel.Sha, (await model.GetAsync())!.Current!.Revision);

        var updated = Hub.AddFile($"{author}/bert-sentiment", "README.md", Encoding.UTF8.GetBytes("# updated\n"));
        await watcher.HandleAsync(new HubEvent("repo.content", "update", "model", $"{author}/bert-sentiment", updated.Sha));
        Assert.Equal(updated.Sha, (await model.GetAsync())!.Current!.Revision);

        await watcher.HandleAsync(new HubEvent("repo.content", "update", "model", "someone-else/gpt2", null));
        await watcher.HandleAsync(new HubEvent("discussion", "create", "model", $"{author}/bert-sentiment", null));
        Assert.Null(await fixture.Model(tenant, "someone-else/gpt2").GetAsync());
        Assert.Equal(2, (await model.GetAsync())!.Analyses);

        await watcher.HandleAsync(new HubEvent("repo", "delete", "model", $"{author}/bert-sentiment", null));
        Assert.Null(await model.GetAsync());
    }

    [Fact]
    public async Task A_model_the_organization_uploaded_is_never_replaced_or_deleted_by_the_hubs_events_or_listings()
    {
        var author = NewAuthor();
        var repoId = $"{author}/bert-sentiment";
        var hubModel = Hub.AddModel(repoId, Artifacts.Gpt2Files());
        var tenant = ClusterFixture.EnterNewTenant();
        var (_, watcher) = await WatchAsync(tenant, author);
        var model = fixture.Model(tenant, repoId);
        var uploaded = await model.SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        await watcher.HandleAsync(new HubEvent("repo.content", "update", "model", repoId, hubModel.Sha));
        Assert.Equal(0, await watcher.PollNowAsync());
        await watcher.HandleAsync(new HubEvent("repo", "delete", "model", repoId, null));

        var after = await model.GetAsync();
        Assert.NotNull(after);
        Assert.Equal(ModelOrigin.Upload, after.Origin);
        Assert.Equal(uploaded.Current!.DocumentJson, after.Current!.DocumentJson);
        Assert.Equal(1, after.Analyses);

        // The next poll does not ask about the same commit again.
        Hub.ClearRequests();
        Assert.Equal(0, await watcher.PollNowAsync());
        Assert.DoesNotContain(Hub.Requests, request => request.Path.Contains(repoId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hub_listings_and_events_reach_a_model_whatever_the_case_of_its_id()
    {
        var author = NewAuthor();
        var repoId = $"{author}/bert-sentiment";
        Hub.AddModel(repoId, Artifacts.Gpt2Files());
        var gpt2 = Hub.AddModel($"{author}/gpt2-small", Artifacts.Gpt2Files());
        var tenant = ClusterFixture.EnterNewTenant();
        var (organization, watcher) = await WatchAsync(tenant, author);

        // Uploaded under another spelling: the Hub's listing and events name the same model and leave it alone.
        var uploadedId = $"{author.ToUpperInvariant()}/BERT-Sentiment";
        var uploaded = fixture.Model(tenant, uploadedId);
        await uploaded.SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));
        await watcher.HandleAsync(new HubEvent("repo.content", "update", "model", repoId, null));
        await watcher.PollNowAsync();

        Assert.Equal(1, (await uploaded.GetAsync())!.Analyses);
        Assert.Null(await fixture.Model(tenant, repoId).GetAsync());
        var listed = (await organization.ListModelsAsync(new ModelQuery(Sort: "name"))).Items.Select(m => m.RepoId);
        Assert.Equal([uploadedId, $"{author}/gpt2-small"], listed);

        // A deletion spelled in another case deletes the model registered from the listing.
        await watcher.HandleAsync(new HubEvent("repo", "delete", "model", $"{author}/GPT2-SMALL", gpt2.Sha));
        Assert.Null(await fixture.Model(tenant, $"{author}/gpt2-small").GetAsync());
        Assert.Equal([uploadedId], (await organization.ListModelsAsync(new ModelQuery())).Items.Select(m => m.RepoId));
    }

    [Fact]
    public async Task A_late_or_repeated_webhook_delivery_never_rolls_a_model_back_or_counts_twice()
    {
        var author = NewAuthor();
        var repoId = $"{author}/bert-sentiment";
        var first = Hub.AddModel(repoId, Artifacts.DistilBertFiles());
        var tenant = ClusterFixture.EnterNewTenant();
        var (_, watcher) = await WatchAsync(tenant, author);
        var model = fixture.Model(tenant, repoId);

        await watcher.HandleAsync(new HubEvent("repo", "create", "model", repoId, first.Sha));
        var updated = Hub.AddFile(repoId, "README.md", Encoding.UTF8.GetBytes("# updated\n"));
        var update = new HubEvent("repo.content", "update", "model", repoId, updated.Sha);
        await watcher.HandleAsync(update);
        await watcher.HandleAsync(update);
        await watcher.HandleAsync(new HubEvent("repo.content", "update", "model", repoId, first.Sha));

        var after = await model.GetAsync();
        Assert.Equal(updated.Sha, after!.Current!.Revision);
        Assert.NotEqual("unreadable", after.Current.Verdict);
        Assert.Equal(2, after.Analyses);
        Assert.Equal(2, (await watcher.GetStatusAsync()).ModelsRegistered);
    }

    [Fact]
    public async Task A_late_update_for_a_deleted_repository_does_not_bring_the_model_back()
    {
        var author = NewAuthor();
        var repoId = $"{author}/bert-sentiment";
        var hubModel = Hub.AddModel(repoId, Artifacts.DistilBertFiles());
        var tenant = ClusterFixture.EnterNewTenant();
        var (organization, watcher) = await WatchAsync(tenant, author);
        await watcher.HandleAsync(new HubEvent("repo", "create", "model", repoId, hubModel.Sha));

        Hub.RemoveModel(repoId);
        await watcher.HandleAsync(new HubEvent("repo", "delete", "model", repoId, null));
        await watcher.HandleAsync(new HubEvent("repo.content", "update", "model", repoId, hubModel.Sha));

        Assert.Null(await fixture.Model(tenant, repoId).GetAsync());
        Assert.Equal(0, (await organization.ListModelsAsync(new ModelQuery())).Total);
    }

    [Fact]
    public async Task A_hub_failing_while_a_new_commits_files_are_read_keeps_the_verdict_instead_of_caching_a_partial_one()
    {
        var author = NewAuthor();
        var repoId = $"{author}/bert-sentiment";
        Hub.AddModel(repoId, Artifacts.DistilBertFiles());
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, repoId);
        var registered = await model.RegisterFromHubAsync();

        // The model info answers; every file read of the new commit meets a 503.
        var touched = Hub.Touch(repoId);
        Hub.Faults.Enqueue(FaultKind.ServiceUnavailable, times: FaultInjector.Always, pathContains: $"{repoId}/resolve/");
        await Assert.ThrowsAsync<ModelSourceUnavailableException>(() => model.RegisterFromHubAsync());

        var kept = await model.GetAsync();
        Assert.Equal(registered.Current!.DocumentJson, kept!.Current!.DocumentJson);
        Assert.Equal(1, kept.Analyses);
        Assert.NotEqual(touched.Sha, kept.Current.Revision);
    }

    [Fact]
    public async Task The_watcher_holds_new_models_back_at_the_limit_says_why_and_keeps_registered_ones_up_to_date()
    {
        var author = NewAuthor();
        for (var i = 0; i < 4; i++)
        {
            Hub.AddModel($"{author}/bert-{i}", Artifacts.DistilBertFiles());
        }

        var tenant = ClusterFixture.EnterNewTenant();
        var (organization, watcher) = await WatchAsync(tenant, author);
        await ClusterFixture.AddIndexedModelsAsync(organization, ClusterFixture.MaxModels - 2);

        Assert.Equal(2, await watcher.PollNowAsync());
        var full = await watcher.GetStatusAsync();
        Assert.Contains($"limit of {ClusterFixture.MaxModels} models", full.ModelLimitReached, StringComparison.Ordinal);
        Assert.Null(full.LastError);
        Assert.Equal(ClusterFixture.MaxModels, (await organization.GetStatsAsync()).Models);

        // Polls while full neither ask for the held-back models nor fail over them, and still bring updates in.
        var registered = (await organization.ListModelsAsync(new ModelQuery(Author: author))).Items.Select(m => m.RepoId).ToList();
        var updated = Hub.AddFile(registered[0], "README.md", Encoding.UTF8.GetBytes("# updated\n"));
        Hub.ClearRequests();
        Assert.Equal(1, await watcher.PollNowAsync());
        Assert.Equal(updated.Sha, (await fixture.Model(tenant, registered[0]).GetAsync())!.Current!.Revision);
        var heldBack = Enumerable.Range(0, 4).Select(i => $"{author}/bert-{i}").Except(registered).ToList();
        Assert.DoesNotContain(Hub.Requests, request => heldBack.Any(id => request.Path.Contains(id, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(0, await watcher.PollNowAsync());
        Assert.NotNull((await watcher.GetStatusAsync()).ModelLimitReached);
        Assert.Equal(ClusterFixture.MaxModels, (await organization.GetStatsAsync()).Models);

        // Room again: the next poll registers what was held back, and the status clears once nothing is left out.
        await organization.ForgetModelAsync("filler", "model-00");
        await organization.ForgetModelAsync("filler", "model-01");
        Assert.Equal(2, await watcher.PollNowAsync());
        Assert.Null((await watcher.GetStatusAsync()).ModelLimitReached);
        Assert.Equal(4, (await organization.ListModelsAsync(new ModelQuery(Author: author))).Total);
    }

    [Fact]
    public async Task A_webhook_delivery_for_a_new_model_of_a_full_organization_registers_nothing_and_is_reported()
    {
        var author = NewAuthor();
        var first = Hub.AddModel($"{author}/bert-new", Artifacts.DistilBertFiles());
        var second = Hub.AddModel($"{author}/gpt2-new", Artifacts.Gpt2Files());
        var tenant = ClusterFixture.EnterNewTenant();
        var (organization, watcher) = await WatchAsync(tenant, author);
        await ClusterFixture.AddIndexedModelsAsync(organization, ClusterFixture.MaxModels);

        await watcher.HandleAsync(new HubEvent("repo", "create", "model", $"{author}/bert-new", first.Sha));

        Assert.Null(await fixture.Model(tenant, $"{author}/bert-new").GetAsync());
        Assert.Contains($"limit of {ClusterFixture.MaxModels} models", (await watcher.GetStatusAsync()).ModelLimitReached, StringComparison.Ordinal);

        // Once that is known, a flood of deliveries for new models costs not even a question to the Hub.
        Hub.ClearRequests();
        await watcher.HandleAsync(new HubEvent("repo", "create", "model", $"{author}/gpt2-new", second.Sha));
        Assert.Empty(Hub.Requests);
        Assert.Null(await fixture.Model(tenant, $"{author}/gpt2-new").GetAsync());
        Assert.Equal(ClusterFixture.MaxModels, (await organization.GetStatsAsync()).Models);
    }
}
