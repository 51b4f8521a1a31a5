using System.Text.Json;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Cli.Tests.Commands;

public sealed class EvalElementsCommandTests
{
    private const string SmallLabels = """
        {
          "google/albert-base-v2": ["A", "S", "V"],
          "Helsinki-NLP/opus-mt-it-en": ["D", "A", "L"],
          "TheBloke/llama-13b-GPTQ": ["A", "P", "O"],
          "someone/fruits": ["T"]
        }
        """;

    [Fact]
    public async Task The_table_lists_precision_recall_f1_and_support_per_code_and_the_micro_f1()
    {
        using var labels = new TempFile(SmallLabels, ".json");

        var run = await CliRun.RunAsync("eval", "elements", labels.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("precision", run.Console, StringComparison.Ordinal);
        Assert.Contains("support", run.Console, StringComparison.Ordinal);
        Assert.Contains("micro", run.Console, StringComparison.Ordinal);
        Assert.Contains("4 names", run.Console, StringComparison.Ordinal);
        Assert.Contains("most common disagreements", run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_carries_the_same_scores()
    {
        using var labels = new TempFile(SmallLabels, ".json");

        var run = await CliRun.RunAsync("eval", "elements", labels.Path, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var result = JsonDocument.Parse(Assert.Single(run.OutLines));
        var root = result.RootElement;
        Assert.Equal(4, root.GetProperty("names").GetInt32());
        var micro = root.GetProperty("micro");
        // 9 label codes; the parser finds 9 of them, adds O for "fruits" and misses its T.
        Assert.Equal(9, micro.GetProperty("true_positives").GetInt32());
        Assert.Equal(1, micro.GetProperty("false_positives").GetInt32());
        Assert.Equal(1, micro.GetProperty("false_negatives").GetInt32());
        Assert.Equal(0.9, micro.GetProperty("f1").GetDouble(), 4);
        var missing = root.GetProperty("disagreements").EnumerateArray()
            .Single(d => d.GetProperty("kind").GetString() == "missing");
        Assert.Equal(("T", "fruits", "someone/fruits"), (missing.GetProperty("code").GetString(), missing.GetProperty("token").GetString(), missing.GetProperty("example").GetString()));
    }

    [Fact]
    public async Task Names_labelled_under_several_owners_show_how_the_labels_agree_with_each_other()
    {
        using var labels = new TempFile("""{"a/bert-base-squad": ["A", "S", "T"], "b/bert-base-squad": ["A", "S", "D"], "google/albert-base-v2": ["A", "S", "V"]}""", ".json");

        var table = await CliRun.RunAsync("eval", "elements", labels.Path);
        var json = await CliRun.RunAsync("eval", "elements", labels.Path, "--format", "json");

        Assert.Contains("names labelled more than once (2 names", table.Console, StringComparison.Ordinal);
        Assert.Contains("labels with each other", table.Console, StringComparison.Ordinal);
        using var result = JsonDocument.Parse(Assert.Single(json.OutLines));
        var agreement = result.RootElement.GetProperty("label_agreement");
        Assert.Equal(1, agreement.GetProperty("groups").GetInt32());
        var task = agreement.GetProperty("codes").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "T");
        Assert.Equal(0.0, task.GetProperty("labels_with_each_other").GetProperty("f1").GetDouble());
        // Both orders of the pair: A and S agree twice each, T and D disagree once each way.
        var micro = agreement.GetProperty("micro").GetProperty("labels_with_each_other");
        Assert.Equal((4, 2, 2), (micro.GetProperty("true_positives").GetInt32(), micro.GetProperty("false_positives").GetInt32(), micro.GetProperty("false_negatives").GetInt32()));
    }

    [Fact]
    public async Task A_split_evaluates_only_its_half()
    {
        using var labels = new TempFile(SmallLabels, ".json");

        var development = await CliRun.RunAsync("eval", "elements", labels.Path, "--split", "development", "--format", "json");
        var heldOut = await CliRun.RunAsync("eval", "elements", labels.Path, "--split", "heldout", "--format", "json");

        using var a = JsonDocument.Parse(development.Out);
        using var b = JsonDocument.Parse(heldOut.Out);
        Assert.Equal(4, a.RootElement.GetProperty("names").GetInt32() + b.RootElement.GetProperty("names").GetInt32());
    }

    [Fact]
    public async Task A_missing_labels_file_exits_with_2_and_one_line_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dara-missing-{Guid.NewGuid():N}.json");

        var run = await CliRun.RunAsync("eval", "elements", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{path}: file not found", run.Error.TrimEnd());
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("{\"a\": [\"A\"", "invalid JSON")]
    [InlineData("{\"a\": [\"Z\"]}", "unknown element code")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("{\"\\ud800\": [\"A\"]}", "is not valid JSON text")]
    [InlineData("{\"a\": [\"\\udfff\"]}", "is not valid JSON text")]
    public async Task A_malformed_labels_file_exits_with_2_and_one_line_naming_it(string content, string problem)
    {
        using var labels = new TempFile(content, ".json");

        var run = await CliRun.RunAsync("eval", "elements", labels.Path);

        Assert.Equal(2, run.ExitCode);
        var line = run.Error.TrimEnd();
        Assert.StartsWith(labels.Path + ": ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [RealDataFact]
    public async Task The_papers_labels_score_at_least_the_target_micro_f1()
    {
        var run = await CliRun.RunAsync("eval", "elements", Path.Combine(RealData.PtmNaming, "naming_elements_results.json"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var result = JsonDocument.Parse(run.Out);
        Assert.True(result.RootElement.GetProperty("micro").GetProperty("f1").GetDouble() >= 0.85);
    }
}
