using System.Text.Json;

namespace Dara.Cloud.Cli.Tests.Commands;

public sealed class PredictCommandTests
{
    private const string Layers =
        "input to to embedding add add layernorm dropout to to to to linear4bit view permute transpose matmul div add softmax dropout matmul permute contiguous view output";

    [Fact]
    public async Task Each_row_gets_one_json_line_with_the_five_fields()
    {
        using var rows = new TempFile(
            $$"""
            {"repo_name": "someone/model-a", "layers": "{{Layers}}", "model_type": "ignored", "anything": [1]}
            {"repo_name": "someone/model-b", "layers": "input conv2d batchnorm2d relu conv2d batchnorm2d relu adaptiveavgpool2d flatten linear output"}
            """,
            ".jsonl");

        var run = await CliRun.RunAsync("predict", rows.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(2, run.OutLines.Length);
        using var first = JsonDocument.Parse(run.OutLines[0]);
        Assert.Equal(
            ["repo_name", "model_type", "arch", "task", "confidence"],
            first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("someone/model-a", first.RootElement.GetProperty("repo_name").GetString());
        Assert.False(string.IsNullOrEmpty(first.RootElement.GetProperty("model_type").GetString()));
        Assert.InRange(first.RootElement.GetProperty("confidence").GetDouble(), 0, 1);
    }

    [Fact]
    public async Task Bad_rows_are_named_on_standard_error_and_the_good_ones_still_predicted()
    {
        // Escapes of half a surrogate pair (\ud800) fail only when the string is read: still one row's problem.
        using var rows = new TempFile(
            $$"""
            {"repo_name": "first", "layers": "{{Layers}}"}
            {"repo_name": "empty", "layers": "   "}
            {"repo_name": "control", "layers": "input lin\u0001ear output"}
            {"repo_name": "unknown", "layers": "input frobnicate quux output"}
            {"repo_name": "no layers"}
            {"repo_name": "a", "layers": "\ud800"}
            {"repo_name": "\udfff", "layers": "{{Layers}}"}
            {"repo_name": "good", "layers": "{{Layers}}"}
            """,
            ".jsonl");

        var run = await CliRun.RunAsync("predict", rows.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.OutLines.Length);
        Assert.Contains("\"repo_name\":\"good\"", run.OutLines[1], StringComparison.Ordinal);
        var errors = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, errors.Length);
        Assert.StartsWith($"{rows.Path}:2: The layer trace is empty", errors[0], StringComparison.Ordinal);
        Assert.StartsWith($"{rows.Path}:3: Operation 2 ", errors[1], StringComparison.Ordinal);
        Assert.Equal($"{rows.Path}:4: none of the 2 operations is known to the classifier", errors[2]);
        Assert.StartsWith($"{rows.Path}:5: has no \"layers\"", errors[3], StringComparison.Ordinal);
        Assert.StartsWith($"{rows.Path}:6: is not valid JSON text", errors[4], StringComparison.Ordinal);
        Assert.StartsWith($"{rows.Path}:7: is not valid JSON text", errors[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_one_clear_line_and_exit_code_2()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"dara-missing-{Guid.NewGuid():N}.jsonl");

        var run = await CliRun.RunAsync("predict", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.OutLines);
    }

    [Fact]
    public async Task A_model_folder_without_the_model_files_is_a_clear_error()
    {
        using var rows = new TempFile($$"""{"layers": "{{Layers}}"}""", ".jsonl");
        var folder = Directory.CreateTempSubdirectory("dara-no-model-").FullName;

        try
        {
            var run = await CliRun.RunAsync("predict", rows.Path, "--model", folder);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("dara-classifier.onnx", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
