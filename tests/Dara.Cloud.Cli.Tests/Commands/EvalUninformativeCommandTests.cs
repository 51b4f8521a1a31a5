using System.Text.Json;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Cli.Tests.Commands;

public sealed class EvalUninformativeCommandTests
{
    private const string SmallCategories = """
        {
          "dee4hf/autotrain-deephate2-1093539673": "uninformative",
          "SaulLu/test-model": "uninformative",
          "huggingartists/dua-lipa": "combined pattern",
          "google/albert-base-v2": "implementation unit",
          "someone/renamed-later": "uninformative"
        }
        """;

    [Fact]
    public async Task The_table_gives_precision_recall_and_the_flagged_names_by_reason()
    {
        using var labels = new TempFile(SmallCategories, ".json");

        var run = await CliRun.RunAsync("eval", "uninformative", labels.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("5 names, 3 labelled uninformative", run.Console, StringComparison.Ordinal);
        Assert.Contains("generated name", run.Console, StringComparison.Ordinal);
        Assert.Contains("placeholder", run.Console, StringComparison.Ordinal);
        Assert.Contains("neither architecture nor task", run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_counts_what_the_check_flags_against_the_labels()
    {
        using var labels = new TempFile(SmallCategories, ".json");

        var run = await CliRun.RunAsync("eval", "uninformative", labels.Path, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var result = JsonDocument.Parse(Assert.Single(run.OutLines));
        var score = result.RootElement.GetProperty("score");
        // The generated and the placeholder name are found; dua-lipa says neither architecture nor task but is labelled
        // otherwise; renamed-later is labelled uninformative and says nothing, so it is found as well.
        Assert.Equal(3, score.GetProperty("true_positives").GetInt32());
        Assert.Equal(1, score.GetProperty("false_positives").GetInt32());
        Assert.Equal(0, score.GetProperty("false_negatives").GetInt32());
        var reasons = result.RootElement.GetProperty("reasons").EnumerateArray()
            .ToDictionary(r => r.GetProperty("reason").GetString()!, r => r.GetProperty("flagged").GetInt32());
        Assert.Equal(1, reasons["generated"]);
        Assert.Equal(1, reasons["placeholder"]);
        Assert.Equal(2, reasons["neither_architecture_nor_task"]);
    }

    [Theory]
    [InlineData("""{"a/b": ["A"]}""", "is not a string")]
    [InlineData("""["a/b"]""", "expected a JSON object of name → category")]
    [InlineData("""{"a/b": """, "invalid JSON")]
    public async Task A_malformed_categories_file_is_refused_naming_it(string text, string problem)
    {
        using var labels = new TempFile(text, ".json");

        var run = await CliRun.RunAsync("eval", "uninformative", labels.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(labels.Path, run.Error, StringComparison.Ordinal);
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
    }
}
