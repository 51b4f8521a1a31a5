using System.Text.Json;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Cli.Tests.Commands;

public sealed class ClassifierCommandTests
{
    [Fact]
    public async Task Train_without_an_output_folder_is_refused()
    {
        var run = await CliRun.RunAsync("train");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_refuses_the_family_that_has_no_onnx_form()
    {
        var run = await CliRun.RunAsync("train", "--out", Path.GetTempPath(), "--family", "knn");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("knn has no ONNX form", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_classifier_with_a_data_folder_that_does_not_exist_is_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"dara-no-data-{Guid.NewGuid():N}");

        var run = await CliRun.RunAsync("eval", "classifier", "--data", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
        Assert.Contains("no such folder", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_classifier_refuses_an_unknown_family()
    {
        var run = await CliRun.RunAsync("eval", "classifier", "--family", "svm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--family", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval", "classifier")]
    [InlineData("train", "--out")]
    public async Task The_mlp_family_is_accepted_and_goes_on_to_read_the_data(string command, string argument)
    {
        var missing = Path.Combine(Path.GetTempPath(), $"dara-no-data-{Guid.NewGuid():N}");
        string[] args = argument == "--out"
            ? [command, argument, Path.GetTempPath(), "--family", "mlp", "--data", missing]
            : [command, argument, "--family", "mlp", "--data", missing];

        var run = await CliRun.RunAsync(args);

        // Past validation: the error is about the data folder, not the family.
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such folder", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--family", run.Error, StringComparison.Ordinal);
    }

    [RealDataFact]
    public async Task Eval_classifier_prints_top_1_top_3_and_macro_f1_per_label_beside_the_paper()
    {
        // The nearest-neighbour reference needs no training, so the whole cross-validation takes seconds.
        var run = await CliRun.RunAsync("eval", "classifier", "--family", "knn", "--data", RealData.Root);

        Assert.Equal(0, run.ExitCode);
        foreach (var text in new[] { "model_type", "arch", "task", "top-1", "top-3", "macro-F1", "family level", "DARA MLP on l+p (paper)", "most common model_type confusions" })
        {
            Assert.Contains(text, run.Console, StringComparison.Ordinal);
        }
    }

    [RealDataFact]
    public async Task Eval_classifier_as_json_gives_one_evaluation_per_family()
    {
        var run = await CliRun.RunAsync("eval", "classifier", "--family", "knn", "--data", RealData.Root, "--format", "json", "--folds", "3");

        Assert.Equal(0, run.ExitCode);
        using var evaluation = JsonDocument.Parse(Assert.Single(run.OutLines));
        Assert.Equal("NearestNeighbour", evaluation.RootElement.GetProperty("family").GetString());
        Assert.Equal(3, evaluation.RootElement.GetProperty("folds").GetInt32());
        var heads = evaluation.RootElement.GetProperty("heads").EnumerateArray().ToList();
        Assert.Equal(["model_type", "arch", "task"], heads.Select(h => h.GetProperty("head").GetString()));
        Assert.All(heads, h => Assert.Equal(480, h.GetProperty("rows").GetInt32()));
    }
}
