using System.Text.Json;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Inference.Scoring;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ModelGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_submitted_model_gets_the_verdict_the_engine_gives_for_the_same_files()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var files = Artifacts.DistilBertFiles();

        var view = await fixture.Model(tenant, "acme/bert-tiny-sentiment").SubmitAsync(Artifacts.Upload(files));

        var expected = await EngineDocumentAsync(new InMemoryArtifactSource(files), "acme/bert-tiny-sentiment");
        var verdict = view.Current!;
        Assert.Equal(expected, verdict.DocumentJson);
        using var document = JsonDocument.Parse(verdict.DocumentJson);
        Assert.Equal(document.RootElement.GetProperty("verdict").GetString(), verdict.Verdict);
        Assert.Equal(document.RootElement.GetProperty("score").GetInt32(), verdict.Score);
        Assert.Equal(document.RootElement.GetProperty("suggested_name").GetString(), verdict.SuggestedName);
        Assert.Equal(fixture.Engine.Version, verdict.EngineVersion);
        Assert.Equal(ModelOrigin.Upload, view.Origin);
        Assert.Equal(1, view.Analyses);
        Assert.Equal("distilbert", view.Summary!.ModelType);
    }

    [Fact]
    public async Task A_model_whose_name_contradicts_its_artifacts_is_misnamed()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);

        var view = await fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        Assert.Equal("misnamed", view.Current!.Verdict);
        Assert.Contains(FindingCodes.ArchitectureMismatch, view.Current.FindingCodes);
        Assert.True(view.Current.Score < 70);
    }

    [Fact]
    public async Task The_same_upload_again_is_not_analysed_again_but_changed_content_is()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");

        var first = await model.SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));
        var again = await model.SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        Assert.Equal(1, again.Analyses);
        Assert.Equal(first.Current!.AnalyzedAt, again.Current!.AnalyzedAt);
        Assert.Empty(again.History);

        var changed = await model.SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles(layers: 3)));

        Assert.Equal(2, changed.Analyses);
        Assert.NotEqual(first.Current.ContentHash, changed.Current!.ContentHash);
        var previous = Assert.Single(changed.History);
        Assert.Equal(first.Current.ContentHash, previous.ContentHash);
        Assert.Equal("", previous.DocumentJson);
    }

    [Fact]
    public async Task An_engine_upgrade_analyses_again_from_the_stored_artifacts_even_after_deactivation()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());

        Assert.Equal(1, (await model.ReanalyzeAsync(force: false)).Analyses);
        var original = fixture.Engine.Version;
        fixture.Engine.Version = original + "-next";
        try
        {
            await fixture.DeactivateAsync(model);
            var upgraded = await model.ReanalyzeAsync(force: false);

            Assert.Equal(2, upgraded.Analyses);
            Assert.Equal(original + "-next", upgraded.Current!.EngineVersion);
            Assert.Equal(3, (await model.ReanalyzeAsync(force: true)).Analyses);
            Assert.Equal(3, (await model.SubmitAsync(Artifacts.UploadHeadsOnly())).Analyses);
        }
        finally
        {
            fixture.Engine.Version = original;
        }
    }

    [Fact]
    public async Task Uploaded_heads_of_large_files_are_read_as_the_whole_files()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);

        var heads = await fixture.Model(tenant, "acme/bert-heads").SubmitAsync(Artifacts.UploadHeadsOnly());
        var whole = await fixture.Model(tenant, "acme/bert-whole").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        using var headsDocument = JsonDocument.Parse(heads.Current!.DocumentJson);
        using var wholeDocument = JsonDocument.Parse(whole.Current!.DocumentJson);
        Assert.Equal(wholeDocument.RootElement.GetProperty("facts").GetRawText(), headsDocument.RootElement.GetProperty("facts").GetRawText());
        Assert.Equal(0, headsDocument.RootElement.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public async Task Malformed_artifacts_give_an_unreadable_verdict_naming_the_problem()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var header = Artifacts.Weights(2, 64).HeaderBytes();
        var upload = ArtifactSet.From([
            new ArtifactFile("config.json", 9, "{not json"u8.ToArray()),
            new ArtifactFile("model.safetensors", 1_000_000, header[..20]),
        ]);

        var view = await fixture.Model(tenant, "acme/broken").SubmitAsync(upload);

        Assert.Equal("unreadable", view.Current!.Verdict);
        Assert.Equal(0, view.Current.Score);
        using var document = JsonDocument.Parse(view.Current.DocumentJson);
        var problems = document.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("file").GetString() + ": " + p.GetProperty("problem").GetString()).ToList();
        Assert.Contains(problems, p => p.StartsWith("config.json: ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("only the first 20 bytes of model.safetensors were uploaded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_upload_with_an_unsafe_path_is_refused()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            fixture.Model(tenant, "acme/evil").SubmitAsync(ArtifactSet.From([new ArtifactFile("../config.json", 2, "{}"u8.ToArray())])));

        Assert.Contains("../config.json", error.Message, StringComparison.Ordinal);
        Assert.Null(await fixture.Model(tenant, "acme/evil").GetAsync());
    }

    [Fact]
    public async Task A_policy_change_rechecks_every_model_from_cached_facts_and_moves_the_score()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/DistilBERT_Sentiment");
        var before = await model.SubmitAsync(Artifacts.UploadHeadsOnly());

        await organization.SetPolicyAsync(PolicyRecord.Default with { Lowercase = true, Severity = "warning" });

        var after = await WaitAsync(model, view => view.Current!.Score != before.Current!.Score);
        Assert.True(after.Current!.Score < before.Current!.Score);
        Assert.Contains(FindingCodes.Convention, after.Current.FindingCodes);
        Assert.Equal(1, after.Analyses);
        Assert.Equal(before.Current.ArchitectureHash, after.Current.ArchitectureHash);
        var listed = await WaitAsync(organization, page => page.Items.Single().Score == after.Current.Score);
        Assert.Equal(after.Current.Verdict, listed.Items.Single().Verdict);
    }

    [Fact]
    public async Task A_recheck_under_the_same_policy_gives_the_same_document()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-tiny");
        var view = await model.SubmitAsync(Artifacts.UploadHeadsOnly());

        var rechecked = await model.RecheckAsync(PolicyRecord.Default);

        Assert.Equal(view.Current!.DocumentJson, rechecked.Current!.DocumentJson);
        Assert.Empty(rechecked.History);
    }

    [Fact]
    public async Task The_review_flow_is_audited_and_reported_to_the_organization()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/llama-7b");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());

        await model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Assign, Assignee: "bob@example.com"));
        await model.ReviewAsync("bob@example.com", new ReviewAction(ReviewActions.Comment, Text: "It is a DistilBERT."));
        await Assert.ThrowsAsync<ArgumentException>(() => model.ReviewAsync("bob@example.com", new ReviewAction(ReviewActions.Dismiss)));
        var dismissed = await model.ReviewAsync("bob@example.com", new ReviewAction(ReviewActions.Dismiss, Text: "internal code name"));

        Assert.Equal(ReviewActions.Dismissed, dismissed.Review.Status);
        Assert.Equal("internal code name", dismissed.Review.DismissReason);
        Assert.Equal("bob@example.com", dismissed.Review.Assignee);
        Assert.Equal(["ada@example.com:assign", "bob@example.com:comment", "bob@example.com:dismiss"], dismissed.Review.Events.Select(e => $"{e.UserId}:{e.Action}"));
        Assert.Equal(ReviewActions.Dismissed, (await organization.ListModelsAsync(new ModelQuery())).Items.Single().ReviewStatus);
        Assert.Equal("bob@example.com", (await organization.ListModelsAsync(new ModelQuery(Assignee: "bob@example.com"))).Items.Single().Assignee);

        var reopened = await model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Reopen));
        var accepted = await model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Accept));
        Assert.Equal(ReviewActions.Open, reopened.Review.Status);
        Assert.Null(reopened.Review.DismissReason);
        Assert.Equal(ReviewActions.Accepted, accepted.Review.Status);
        await Assert.ThrowsAsync<ArgumentException>(() => model.ReviewAsync("ada@example.com", new ReviewAction("approve")));
    }

    [Fact]
    public async Task A_review_step_with_text_over_the_limit_is_refused_and_changes_nothing()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/llama-7b");
        var before = (await model.SubmitAsync(Artifacts.UploadHeadsOnly())).Review;

        await Assert.ThrowsAsync<ArgumentException>(() =>
            model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Comment, Text: new string('x', ReviewActions.MaxTextLength + 1))));
        var longest = await model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Comment, Text: new string('x', ReviewActions.MaxTextLength)));

        Assert.Equal(before.Revision + 1, longest.Review.Revision);
        Assert.Single(longest.Review.Events);
    }

    [Fact]
    public async Task New_findings_reopen_a_dismissed_review()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/gpt2-small");
        await model.SubmitAsync(Artifacts.Upload(Artifacts.Gpt2Files()));
        await model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Dismiss, Text: "fine"));

        var view = await model.SubmitAsync(Artifacts.UploadHeadsOnly());

        Assert.Equal(ReviewActions.Open, view.Review.Status);
        Assert.Equal("dara", view.Review.Events[^1].UserId);
    }

    [Fact]
    public async Task The_same_files_under_another_name_are_a_duplicate_upload()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        await fixture.Model(tenant, "acme/bert-sentiment").SubmitAsync(Artifacts.UploadHeadsOnly());
        await fixture.Model(tenant, "acme/gpt2-small").SubmitAsync(Artifacts.Upload(Artifacts.Gpt2Files()));
        await fixture.Model(tenant, "acme/bert-bigger").SubmitAsync(Artifacts.UploadHeadsOnly(layers: 3));

        var copy = await fixture.Model(tenant, "other/sentiment-copy").SubmitAsync(Artifacts.UploadHeadsOnly());

        Assert.Equal(["acme/bert-sentiment"], copy.Duplicates);
        Assert.Contains("duplicate-upload", copy.Current!.FindingCodes);
        using var document = JsonDocument.Parse(copy.Current.DocumentJson);
        var finding = document.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "duplicate-upload");
        Assert.Equal("info", finding.GetProperty("severity").GetString());
        Assert.Equal("acme/bert-sentiment", finding.GetProperty("observed").GetString());

        // The original hears of its copy, and of its copy's deletion, once the organization has told it.
        var original = fixture.Model(tenant, "acme/bert-sentiment");
        Assert.Equal(["other/sentiment-copy"], await EventuallyAsync(original, view => view.Duplicates.Count == 1));
        Assert.Equal(2, (await organization.GetStatsAsync()).ByFinding["duplicate-upload"]);

        await fixture.Model(tenant, "other/sentiment-copy").DeleteAsync();
        Assert.Empty(await EventuallyAsync(original, view => view.Duplicates.Count == 0));
        var alone = await original.GetAsync();
        Assert.DoesNotContain("duplicate-upload", alone!.Current!.FindingCodes);
        Assert.DoesNotContain("duplicate-upload", alone.Current.DocumentJson, StringComparison.Ordinal);
        Assert.False((await organization.GetStatsAsync()).ByFinding.ContainsKey("duplicate-upload"));
    }

    [Fact]
    public async Task Two_configs_of_one_architecture_without_weights_are_no_duplicate_upload()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var configOnly = Artifacts.DistilBertFiles().Where(file => file.Key != "model.safetensors").ToDictionary();
        await fixture.Model(tenant, "acme/distilbert-news").SubmitAsync(Artifacts.Upload(configOnly));

        var other = await fixture.Model(tenant, "acme/distilbert-spam").SubmitAsync(Artifacts.Upload(configOnly));

        Assert.Empty(other.Duplicates);
        Assert.DoesNotContain("duplicate-upload", other.Current!.FindingCodes);
    }

    private static async Task<IReadOnlyList<string>> EventuallyAsync(IModelGrain model, Func<ModelView, bool> settled)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var view = await model.GetAsync();
            if (settled(view!) || DateTime.UtcNow > deadline)
            {
                return view!.Duplicates;
            }

            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_deleted_model_is_gone_from_its_grain_and_the_index()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());

        await model.DeleteAsync();

        Assert.Null(await model.GetAsync());
        Assert.Equal(0, (await organization.ListModelsAsync(new ModelQuery())).Total);
        await Assert.ThrowsAsync<InvalidOperationException>(() => model.ReanalyzeAsync(force: true));
    }

    [Fact]
    public async Task A_model_and_the_index_survive_deactivation()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        var view = await model.SubmitAsync(Artifacts.UploadHeadsOnly());
        await model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Comment, Text: "looks right"));

        await fixture.DeactivateAsync(model);
        await fixture.DeactivateAsync(organization);

        var reloaded = await model.GetAsync();
        Assert.Equal(view.Current!.DocumentJson, reloaded!.Current!.DocumentJson);
        Assert.Single(reloaded.Review.Events);
        Assert.Equal("acme/bert-sentiment", (await organization.ListModelsAsync(new ModelQuery())).Items.Single().RepoId);
    }

    [RealDataFact]
    public async Task A_real_model_folder_submitted_gets_the_engines_verdict()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        foreach (var folder in RealData.ConfigFolders().Take(3))
        {
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(path => Path.GetRelativePath(folder, path).Replace('\\', '/'), File.ReadAllBytes);
            await using var local = new Dara.Cloud.Analysis.Artifacts.LocalFolderSource(folder);
            var name = ModelIdentity.NameOf(local, folder);
            Assert.True(ModelKey.TryParse(tenant, name, out var key), name);

            var view = await fixture.Client.GetGrain<IModelGrain>(key.GrainKey).SubmitAsync(Artifacts.Upload(files));

            Assert.Equal(await EngineDocumentAsync(local, name), view.Current!.DocumentJson);
        }
    }

    private static async Task<string> EngineDocumentAsync(Dara.Cloud.Analysis.Artifacts.IArtifactSource source, string name)
    {
        var report = ModelReport.From(await new ModelInspector().InspectAsync(source));
        // The silo's engine consults the shipped classifier, so the expected document carries its prediction too.
        return EngineJson.Serialize(CheckDocument.From(new NameChecker(predictor: ClassifierArchitecturePredictor.Shipped).Check(name, report), report));
    }

    private static async Task<ModelView> WaitAsync(IModelGrain model, Func<ModelView, bool> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await model.GetAsync() is { } view && condition(view))
            {
                return view;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The model did not reach the expected state within 5 s.");
    }

    private static async Task<ModelPage> WaitAsync(IOrganizationGrain organization, Func<ModelPage, bool> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var page = await organization.ListModelsAsync(new ModelQuery());
            if (condition(page))
            {
                return page;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The index did not reach the expected state within 5 s.");
    }
}
