using System.Diagnostics;
using Dara.Cloud.Grains.Hosting;
using Dara.Cloud.Grains.Organizations;
using Dara.Cloud.Grains.Reanalysis;
using Dara.Cloud.Testing.FakeHub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Grains.Tests;

/// <summary>Re-analysing a whole organization as a background job: counts, one job at a time, progress, restarts, cancelling.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReanalysisTests(ClusterFixture fixture)
{
    private const string Alice = "alice@example.com";

    private FakeHubServer Hub => fixture.Hub;

    private IReanalysisGrain Reanalysis(TenantId tenant) => fixture.Client.GetGrain<IReanalysisGrain>(tenant.Value);

    [Fact]
    public async Task A_job_analyses_every_model_again_and_counts_those_whose_verdict_changed()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        // Three architectures: copies of one model would go on updating each other's duplicate findings meanwhile.
        var models = new Dictionary<string, ArtifactSet>
        {
            ["acme/bert-a"] = Artifacts.UploadHeadsOnly(),
            ["acme/gpt2-b"] = Artifacts.Upload(Artifacts.Gpt2Files()),
            ["acme/llama-c"] = Artifacts.Upload(Artifacts.LlamaWeightMapOnly()),
        };
        foreach (var (name, artifacts) in models)
        {
            await fixture.Model(tenant, name).SubmitAsync(artifacts);
        }

        // The organization lists one model with a score it no longer has, as if an older engine had scored it.
        await fixture.RewriteStoredStateAsync<OrganizationState>(organization, OrganizationGrain.StateName, state => state with
        {
            Models = state.Models.Select(m => m.RepoId == "acme/gpt2-b" ? m with { Score = 1 } : m).ToArray(),
        });

        var started = await Reanalysis(tenant).StartAsync(force: true, Alice);
        var finished = await WaitUntilEndedAsync(tenant);

        Assert.Equal(ReanalysisStatus.Running, started.Status);
        Assert.Equal(ReanalysisStatus.Finished, finished.Status);
        Assert.Equal(started.Id, finished.Id);
        Assert.Equal(Alice, finished.StartedBy);
        Assert.True(finished.FinishedAt >= finished.StartedAt);
        Assert.Null(finished.Error);
        Assert.Equal((3, 3, 1, 0, 0), (finished.Models, finished.Done, finished.Changed, finished.Unavailable, finished.Failed));
        foreach (var name in models.Keys)
        {
            Assert.Equal(2, (await fixture.Model(tenant, name).GetAsync())!.Analyses);
        }
    }

    [Fact]
    public async Task Without_force_a_job_visits_every_model_but_analyses_none_the_current_engine_already_did()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        await fixture.Model(tenant, "acme/bert-a").SubmitAsync(Artifacts.UploadHeadsOnly());

        await Reanalysis(tenant).StartAsync(force: false, Alice);
        var finished = await WaitUntilEndedAsync(tenant);

        Assert.Equal((1, 1, 0), (finished.Models, finished.Done, finished.Changed));
        Assert.False(finished.Force);
        Assert.Equal(1, (await fixture.Model(tenant, "acme/bert-a").GetAsync())!.Analyses);
    }

    [Fact]
    public async Task Starting_again_while_a_job_runs_returns_that_job_and_its_state_is_readable_while_it_runs_and_after()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var slow = await OrganizationWithASlowHubModelAsync(tenant, alsoAnUpload: true);

        var first = await Reanalysis(tenant).StartAsync(force: true, Alice);
        var second = await Reanalysis(tenant).StartAsync(force: false, "bob@example.com");
        var during = await Reanalysis(tenant).GetAsync();

        Assert.Equal(first.Id, second.Id);
        Assert.True(second.IsRunning);
        Assert.True(second.Force);
        Assert.Equal(Alice, second.StartedBy);
        // Answered while the slow model held the job: the job does not hold the grain's turn.
        Assert.Equal(first.Id, during!.Id);
        Assert.True(during.IsRunning);
        Assert.Null(during.FinishedAt);

        var finished = await WaitUntilEndedAsync(tenant);
        Assert.Equal((2, 2, ReanalysisStatus.Finished), (finished.Models, finished.Done, finished.Status));
        Assert.Equal(2, (await fixture.Model(tenant, slow).GetAsync())!.Analyses);

        await fixture.DeactivateAsync(Reanalysis(tenant));
        Assert.Equal(finished, await Reanalysis(tenant).GetAsync());

        var next = await Reanalysis(tenant).StartAsync(force: true, "bob@example.com");
        Assert.Equal(first.Id + 1, next.Id);
        Assert.Equal("bob@example.com", next.StartedBy);
        await WaitUntilEndedAsync(tenant);
    }

    [Fact]
    public async Task A_running_job_saves_its_progress_before_it_ends()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var slow = await OrganizationWithASlowHubModelAsync(tenant, alsoAnUpload: true);

        await Reanalysis(tenant).StartAsync(force: true, Alice);
        ReanalysisJob? stored = null;
        while ((await Reanalysis(tenant).GetAsync())!.IsRunning && stored is not { Done: 1 })
        {
            stored = (await fixture.ReadStoredStateAsync<ReanalysisState>(Reanalysis(tenant), ReanalysisGrain.StateName))?.Job;
            await Task.Delay(20);
        }

        // Stored while the slow model still held the job: the quick one counted, the job not yet over.
        Assert.Equal((2, 1, ReanalysisStatus.Running), (stored!.Models, stored.Done, stored.Status));
        await WaitUntilEndedAsync(tenant);
        Assert.Equal(2, (await StoredJobWhenEndedAsync(tenant)).Done);
    }

    [Fact]
    public async Task A_model_the_hub_cannot_serve_is_counted_unavailable_keeps_its_verdict_and_the_job_goes_on()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var unreachable = $"{NewAuthor()}/bert-unreachable";
        Hub.AddModel(unreachable, Artifacts.DistilBertFiles());
        var registered = await fixture.Model(tenant, unreachable).RegisterFromHubAsync();
        await fixture.Model(tenant, "acme/bert-a").SubmitAsync(Artifacts.UploadHeadsOnly());
        await fixture.Model(tenant, "zeta/bert-z").SubmitAsync(Artifacts.UploadHeadsOnly());
        Hub.Faults.Enqueue(FaultKind.ServiceUnavailable, times: FaultInjector.Always, pathContains: unreachable);

        await Reanalysis(tenant).StartAsync(force: true, Alice);
        var finished = await WaitUntilEndedAsync(tenant);

        Assert.Equal(ReanalysisStatus.Finished, finished.Status);
        Assert.Equal((3, 3, 1, 0), (finished.Models, finished.Done, finished.Unavailable, finished.Failed));
        var kept = await fixture.Model(tenant, unreachable).GetAsync();
        Assert.Equal(registered.Current!.DocumentJson, kept!.Current!.DocumentJson);
        Assert.Equal(2, (await fixture.Model(tenant, "acme/bert-a").GetAsync())!.Analyses);
        Assert.Equal(2, (await fixture.Model(tenant, "zeta/bert-z").GetAsync())!.Analyses);
    }

    [Fact]
    public async Task A_job_a_crashed_silo_left_running_reads_as_failed_and_a_new_one_can_start()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        await fixture.RewriteStoredStateAsync<ReanalysisState>(Reanalysis(tenant), ReanalysisGrain.StateName, state => state with
        {
            Job = new ReanalysisJob(7, ReanalysisStatus.Running, true, Alice, startedAt, null, 100, 40, 2, 1, 0),
        });

        var read = await Reanalysis(tenant).GetAsync();

        Assert.Equal(ReanalysisStatus.Failed, read!.Status);
        Assert.Equal(ReanalysisJob.InterruptedError, read.Error);
        Assert.True(read.IsInterrupted);
        Assert.NotNull(read.FinishedAt);
        Assert.Equal((7, 100, 40, 2, 1), (read.Id, read.Models, read.Done, read.Changed, read.Unavailable));

        var next = await Reanalysis(tenant).StartAsync(force: true, Alice);
        Assert.Equal((8, ReanalysisStatus.Running), (next.Id, next.Status));
        Assert.Equal(ReanalysisStatus.Finished, (await WaitUntilEndedAsync(tenant)).Status);
    }

    [Fact]
    public async Task A_job_whose_activation_is_stopped_is_saved_as_interrupted()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await OrganizationWithASlowHubModelAsync(tenant, alsoAnUpload: false);

        await Reanalysis(tenant).StartAsync(force: true, Alice);
        await fixture.DeactivateAsync(Reanalysis(tenant));
        var read = await Reanalysis(tenant).GetAsync();

        Assert.Equal(ReanalysisStatus.Failed, read!.Status);
        Assert.Equal(ReanalysisJob.InterruptedError, read.Error);
        Assert.True(read.IsInterrupted);
    }

    [Fact]
    public async Task A_cancelled_job_starts_no_further_model_and_reads_cancelled_with_who_when_and_how_far_it_got()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);

        // In the order the job visits them (by name): one quick model, then enough slow ones to hold every slot the job
        // has, then two the job can only reach once a slow one is done.
        await fixture.Model(tenant, "acme/bert-first").SubmitAsync(Artifacts.UploadHeadsOnly());
        var slowAuthor = NewAuthor();
        var slow = new List<string>();
        for (var i = 0; i < ReanalysisConcurrency; i++)
        {
            slow.Add($"{slowAuthor}/bert-slow-{i}");
            Hub.AddModel(slow[i], Artifacts.DistilBertFiles());
            await fixture.Model(tenant, slow[i]).RegisterFromHubAsync();
        }

        await fixture.Model(tenant, "zeta/bert-late-1").SubmitAsync(Artifacts.UploadHeadsOnly());
        await fixture.Model(tenant, "zeta/bert-late-2").SubmitAsync(Artifacts.UploadHeadsOnly());
        Hub.Faults.Enqueue(FaultKind.Delay(SlowModelDelay), times: ReanalysisConcurrency, pathContains: slowAuthor);

        var started = await Reanalysis(tenant).StartAsync(force: true, Alice);
        await WaitUntilAsync(tenant, job => job.Done == 1);
        var clock = Stopwatch.StartNew();
        var cancelled = await Reanalysis(tenant).CancelAsync(started.Id, " bob@example.com ");
        clock.Stop();

        // Answered without waiting for the slow models under way.
        Assert.True(clock.Elapsed < SlowModelDelay, $"cancelling took {clock.Elapsed}");
        Assert.Equal(ReanalysisStatus.Cancelled, cancelled!.Status);
        Assert.False(cancelled.IsRunning);
        Assert.Equal("bob@example.com", cancelled.CancelledBy);
        Assert.Equal(Alice, cancelled.StartedBy);
        Assert.True(cancelled.FinishedAt >= cancelled.StartedAt);
        Assert.Null(cancelled.Error);
        Assert.Equal((ReanalysisConcurrency + 3, 1), (cancelled.Models, cancelled.Done));
        Assert.Equal(cancelled, (await fixture.ReadStoredStateAsync<ReanalysisState>(Reanalysis(tenant), ReanalysisGrain.StateName))!.Job);

        // The model done before the cancel keeps its new verdict; those under way finish whole; the rest were never started.
        Assert.Equal(2, (await fixture.Model(tenant, "acme/bert-first").GetAsync())!.Analyses);
        foreach (var id in slow)
        {
            var finishedOnItsOwn = (await fixture.Model(tenant, id).GetAsync())!;
            Assert.Equal(2, finishedOnItsOwn.Analyses);
            Assert.Single(finishedOnItsOwn.History);
            Assert.NotEmpty(finishedOnItsOwn.Current!.DocumentJson);
        }

        Assert.Equal(1, (await fixture.Model(tenant, "zeta/bert-late-1").GetAsync())!.Analyses);
        Assert.Equal(1, (await fixture.Model(tenant, "zeta/bert-late-2").GetAsync())!.Analyses);
        Assert.Equal(cancelled, await Reanalysis(tenant).GetAsync());
    }

    [Fact]
    public async Task After_a_cancel_a_new_job_starts_at_once_and_cancelling_again_changes_nothing()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await OrganizationWithASlowHubModelAsync(tenant, alsoAnUpload: true);

        var first = await Reanalysis(tenant).StartAsync(force: true, Alice);
        var cancelled = await Reanalysis(tenant).CancelAsync(first.Id, Alice);
        var again = await Reanalysis(tenant).CancelAsync(first.Id, "bob@example.com");
        var next = await Reanalysis(tenant).StartAsync(force: true, "bob@example.com");

        Assert.Equal(ReanalysisStatus.Cancelled, cancelled!.Status);
        Assert.Equal(cancelled, again);
        Assert.Equal((first.Id + 1, ReanalysisStatus.Running, "bob@example.com"), (next.Id, next.Status, next.StartedBy));
        var finished = await WaitUntilEndedAsync(tenant);
        Assert.Equal((next.Id, ReanalysisStatus.Finished, 2, 2), (finished.Id, finished.Status, finished.Models, finished.Done));
        Assert.Null(finished.CancelledBy);
    }

    [Fact]
    public async Task Cancelling_a_job_that_has_ended_leaves_it_as_it_was_and_another_id_is_no_job()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        await fixture.Model(tenant, "acme/bert-a").SubmitAsync(Artifacts.UploadHeadsOnly());
        Assert.Null(await Reanalysis(tenant).CancelAsync(1, Alice));

        var started = await Reanalysis(tenant).StartAsync(force: true, Alice);
        var finished = await WaitUntilEndedAsync(tenant);

        Assert.Equal(finished, await Reanalysis(tenant).CancelAsync(started.Id, "bob@example.com"));
        Assert.Null(await Reanalysis(tenant).CancelAsync(started.Id + 1, "bob@example.com"));
        Assert.Equal(finished, await Reanalysis(tenant).GetAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => Reanalysis(tenant).CancelAsync(started.Id, " "));
    }

    [Fact]
    public async Task An_organization_that_never_ran_a_job_has_none_to_read()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);

        Assert.Null(await Reanalysis(tenant).GetAsync());
    }

    /// <summary>How long a slow Hub model holds its slot: far longer than a cancel may take.</summary>
    private static readonly TimeSpan SlowModelDelay = TimeSpan.FromSeconds(5);

    private int ReanalysisConcurrency =>
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOptions<OrganizationOptions>>().Value.ReanalysisConcurrency;

    private static string NewAuthor() => $"r{Guid.NewGuid():N}"[..12];

    /// <summary>
    /// Creates <paramref name="tenant"/>'s organization with a Hub model whose next analysis takes 3 s (and, if asked, an
    /// upload beside it); returns the slow model's id. The caller enters the tenant: the call context it sets does not
    /// flow back out of an awaited method.
    /// </summary>
    private async Task<string> OrganizationWithASlowHubModelAsync(TenantId tenant, bool alsoAnUpload)
    {
        await fixture.CreateOrganizationAsync(tenant);
        var slow = $"{NewAuthor()}/bert-slow";
        Hub.AddModel(slow, Artifacts.DistilBertFiles());
        await fixture.Model(tenant, slow).RegisterFromHubAsync();
        if (alsoAnUpload)
        {
            await fixture.Model(tenant, "acme/bert-quick").SubmitAsync(Artifacts.UploadHeadsOnly());
        }

        Hub.Faults.Enqueue(FaultKind.Delay(TimeSpan.FromSeconds(3)), pathContains: slow);
        return slow;
    }

    private Task<ReanalysisJob> WaitUntilEndedAsync(TenantId tenant) => WaitUntilAsync(tenant, job => !job.IsRunning);

    private async Task<ReanalysisJob> WaitUntilAsync(TenantId tenant, Func<ReanalysisJob, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await Reanalysis(tenant).GetAsync() is { } job && condition(job))
            {
                return job;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>The job as stored once its end is: the end is written just after it is set, so readers may see it first.</summary>
    private async Task<ReanalysisJob> StoredJobWhenEndedAsync(TenantId tenant)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if ((await fixture.ReadStoredStateAsync<ReanalysisState>(Reanalysis(tenant), ReanalysisGrain.StateName))?.Job is { IsRunning: false } stored)
            {
                return stored;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
