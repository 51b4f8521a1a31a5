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

    [RealDataFact]
    public async Task Eval_classifier_with_the_given_model_type_prints_the_ceiling_and_the_majority_for_arch_and_task()
    {
        var run = await CliRun.RunAsync("eval", "classifier", "--family", "knn", "--data", RealData.Root, "--folds", "2", "--given-model-type");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("arch and task when the true model_type is given (a ceiling for what the layer sequence adds)", run.Console, StringComparison.Ordinal);
        Assert.Contains("arch and task as the majority of the true model_type in the training folds", run.Console, StringComparison.Ordinal);
    }

    [RealDataFact]
    public async Task Eval_classifier_as_json_carries_the_given_model_type_figures_only_when_asked()
    {
        var plain = await CliRun.RunAsync("eval", "classifier", "--family", "knn", "--data", RealData.Root, "--format", "json", "--folds", "2");
        var given = await CliRun.RunAsync("eval", "classifier", "--family", "knn", "--data", RealData.Root, "--format", "json", "--folds", "2", "--given-model-type");

        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(0, given.ExitCode);
        using var withoutIt = JsonDocument.Parse(Assert.Single(plain.OutLines));
        Assert.Equal(JsonValueKind.Null, withoutIt.RootElement.GetProperty("given_model_type").ValueKind);
        using var withIt = JsonDocument.Parse(Assert.Single(given.OutLines));
        var ceiling = withIt.RootElement.GetProperty("given_model_type");
        var archFamilyFromTraces = withIt.RootElement.GetProperty("heads")[1].GetProperty("family_top1").GetDouble();
        foreach (var part in new[] { "trained", "majority" })
        {
            var heads = ceiling.GetProperty(part).EnumerateArray().ToList();
            Assert.Equal(["arch", "task"], heads.Select(h => h.GetProperty("head").GetString()));
            Assert.All(heads, h => Assert.Equal(480, h.GetProperty("rows").GetInt32()));

            // An arch's family is its model_type's, so once the true model_type is given the family is (nearly) always right.
            Assert.True(heads[0].GetProperty("family_top1").GetDouble() > archFamilyFromTraces, $"{part}: arch at family level no better than from the traces alone");
        }

        // The figures without the model_type are the same run's: asking for the ceiling changes nothing else.
        Assert.Equal(withoutIt.RootElement.GetProperty("heads").GetRawText(), withIt.RootElement.GetProperty("heads").GetRawText());
    }
}
