using System.Globalization;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Fingerprinting;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Portal.Components.Detail;
using Dara.Cloud.Portal.Components.Interop;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Detail;

public sealed class DetailComponentsTests : ComponentTest
{
    [Fact]
    public void The_facts_table_shows_what_the_artifacts_establish_with_their_sources()
    {
        var table = Context.Render<FactsTable>(p => p.Add(c => c.Facts, Samples.BertClassifier));

        var rows = table.FindAll(".dara-fact").ToDictionary(
            r => r.QuerySelector(".dara-fact-label")!.TextContent.Trim(),
            r => r.QuerySelector(".dara-fact-text")!.TextContent.Trim());
        Assert.Equal("bert", rows["Model type"]);
        Assert.Equal("BertForSequenceClassification", rows["Head"]);
        Assert.Equal("109M (109,483,778), from safetensors", rows["Parameters"]);
        Assert.Equal("12", rows["Layers"]);
        Assert.Equal("768", rows["Hidden size"]);
        Assert.Equal("F32", rows["Dtype"]);
        Assert.Equal("config.json, model.safetensors", rows["Files read"]);
        Assert.DoesNotContain("Quantization", rows.Keys);
        Assert.Contains(table.FindComponents<MudTooltip>(), t => t.Instance.Text == "From model.safetensors: header");
    }

    [Fact]
    public void The_facts_table_lists_the_files_read_when_given()
    {
        var table = Context.Render<FactsTable>(p => p
            .Add(c => c.Facts, new ModelFacts { ModelType = "gpt2" })
            .Add(c => c.FilesRead, ["config.json", "README.md"]));

        Assert.Contains(table.FindAll(".dara-fact"), r => r.TextContent.Contains("config.json, README.md", StringComparison.Ordinal));
    }

    [Fact]
    public void A_config_dtype_that_disagrees_with_the_weights_is_shown_beside_them()
    {
        var rows = FactRow.From(new ModelFacts { Precision = "BF16", ConfigDType = "float32" });

        Assert.Equal("BF16 (config says float32)", Assert.Single(rows, r => r.Label == "Dtype").Value);
    }

    [Fact]
    public void Estimated_parameters_are_marked_so()
    {
        var rows = FactRow.From(new ModelFacts { Parameters = 6_738_415_616, ParametersEstimated = true, ParameterSource = "config" });

        Assert.Equal("≈ 6.74B (6,738,415,616), from config", Assert.Single(rows, r => r.Label == "Parameters").Value);
    }

    [Fact]
    public void The_fingerprint_summary_shows_the_hash_shape_and_layer_kinds()
    {
        var fingerprint = new FingerprintDocument(
            "0123456789abcdef0123", "tensors", 27, 40, new RepeatedBlocks("encoder.layer.{n}", 12),
            new Dictionary<string, int> { ["LayerNorm"] = 25, ["Linear"] = 73 }, 31, 12, null);

        var summary = Context.Render<FingerprintSummary>(p => p.Add(c => c.Fingerprint, fingerprint));

        Assert.Equal("0123456789ab…", summary.Find(".dara-fingerprint-hash").TextContent.Trim());
        Assert.Contains(summary.FindComponents<MudTooltip>(), t => t.Instance.Text == "0123456789abcdef0123");
        Assert.Contains("27 layers, 40 connections, 12 repeated blocks (encoder.layer.{n})", summary.Find(".dara-fingerprint-shape").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Linear ×73", "LayerNorm ×25"], summary.FindAll(".dara-fingerprint-kind").Select(k => k.TextContent.Trim()));
    }

    [Fact]
    public void The_classifier_chart_ranks_predictions_each_with_its_number_and_a_bar_of_its_length()
    {
        var chart = Context.Render<ClassifierChart>(p => p
            .Add(c => c.Title, "Model type")
            .Add(c => c.Predictions, [("gpt2", 0.07), ("llama", 0.874), ("mistral", 0.05)]));

        Assert.Equal(["llama 87%", "gpt2 7%", "mistral 5%"], chart.FindAll(".dara-classifier-item").Select(i => Words(i.TextContent)));
        var bars = chart.FindAll(".dara-classifier-bar");
        Assert.Equal([87.4, 7.0, 5.0], bars.Select(bar => double.Parse(bar.GetAttribute("aria-valuenow")!, CultureInfo.InvariantCulture)));
        Assert.All(bars, bar => Assert.Equal(("0", "100"), (bar.GetAttribute("aria-valuemin"), bar.GetAttribute("aria-valuemax"))));
    }

    [Fact]
    public void The_classifier_chart_draws_no_picture_with_text_too_small_to_read_on_a_phone()
    {
        // A bar chart's axis and class names shrank to a few pixels on a phone, the longest running out of the card.
        var chart = Context.Render<ClassifierChart>(p => p
            .Add(c => c.Title, "Architecture")
            .Add(c => c.Predictions, [("MaskFormerForInstanceSegmentation", 0.12), ("ResNetForImageClassification", 0.29)]));

        Assert.Empty(chart.FindComponents<MudChart<double>>());
        Assert.Equal("ResNetForImageClassification", chart.Find(".dara-classifier-label").TextContent.Trim());
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void A_classifier_head_without_predictions_says_so()
    {
        var chart = Context.Render<ClassifierChart>(p => p.Add(c => c.Title, "Task").Add(c => c.Predictions, []));

        Assert.Equal("No prediction.", chart.Find(".dara-classifier-empty").TextContent.Trim());
        Assert.Empty(chart.FindComponents<MudChart<double>>());
    }

    [Fact]
    public void Copying_the_suggested_name_writes_it_to_the_clipboard()
    {
        var module = Context.JSInterop.SetupModule(Clipboard.ModulePath);
        module.SetupVoid("copyText", "acme/bert-base-sst2").SetVoidResult();
        string? copied = null;
        var suggested = Context.Render<SuggestedName>(p => p
            .Add(c => c.Suggested, "acme/bert-base-sst2")
            .Add(c => c.Current, "acme/my-model")
            .Add(c => c.OnCopied, text => copied = text));

        suggested.Find(".dara-suggested-name-copy").Click();

        Assert.Equal("acme/bert-base-sst2", module.VerifyInvoke("copyText").Arguments[0]);
        Assert.Equal("acme/bert-base-sst2", copied);
        Assert.Equal("Suggested name", suggested.Find(".dara-suggested-name .mud-typography-caption").TextContent.Trim());
    }

    [Fact]
    public void A_refused_copy_tells_the_user_to_copy_by_hand()
    {
        var module = Context.JSInterop.SetupModule(Clipboard.ModulePath);
        module.SetupVoid("copyText", _ => true).SetException(new JSException("NotAllowedError"));
        var suggested = Context.Render<SuggestedName>(p => p.Add(c => c.Suggested, "acme/bert-base-sst2"));

        suggested.Find(".dara-suggested-name-copy").Click();

        Assert.Contains("did not allow copying", suggested.Find(".dara-suggested-name-copy-failed").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_that_already_fits_says_so()
    {
        var suggested = Context.Render<SuggestedName>(p => p.Add(c => c.Suggested, "acme/bert-base").Add(c => c.Current, "acme/bert-base"));

        Assert.Equal("The name already fits", suggested.Find(".dara-suggested-name .mud-typography-caption").TextContent.Trim());
    }

    [Fact]
    public void An_unreadable_model_gets_no_suggestion_rather_than_the_name_already_fits()
    {
        var suggested = Context.Render<SuggestedName>(p => p
            .Add(c => c.Suggested, "acme/garbage").Add(c => c.Current, "acme/garbage").Add(c => c.Unreadable, true));

        Assert.Contains("no suggestion", suggested.Find(".dara-suggested-name-unreadable").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("already fits", suggested.Markup, StringComparison.Ordinal);
        Assert.Empty(suggested.FindAll(".dara-suggested-name-copy"));
    }

    [Fact]
    public void The_verdict_history_is_newest_first_with_score_changes()
    {
        var older = Verdict("misnamed", 20, Samples.Now.AddDays(-10), "size-mismatch");
        var middle = Verdict("suspicious", 85, Samples.Now.AddDays(-5), "task-mismatch");
        var current = Verdict("ok", 100, Samples.Now);

        var history = Context.Render<VerdictHistory>(p => p.Add(c => c.Current, current).Add(c => c.History, [older, middle]));

        var entries = history.FindAll(".dara-history-entry");
        Assert.Equal(3, entries.Count);
        Assert.Equal(["2025-06-01 12:00 UTC", "2025-05-27 12:00 UTC", "2025-05-22 12:00 UTC"], history.FindAll(".dara-history-date").Select(d => d.TextContent.Trim()));
        Assert.Equal(["+15", "+65"], history.FindAll(".dara-history-change").Select(c => c.TextContent.Trim()));
        Assert.Contains("current", entries[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("size-mismatch", entries[2].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void No_verdict_yet_says_so()
    {
        var history = Context.Render<VerdictHistory>(p => p.Add(c => c.History, []));

        Assert.Equal("No verdicts yet.", history.Find(".dara-history-empty").TextContent.Trim());
    }

    private static VerdictRecord Verdict(string verdict, int score, DateTimeOffset at, params string[] findings) =>
        new(verdict, score, "acme/bert-base", findings, "{}", "1.0.0", "abcdef0123456789", "hash", null, at);
}
