using System.Text.Json;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Cli.Commands;

namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary>
/// Input that holds nothing to work on (an empty folder, a file of blank lines) exits 2 saying so: empty tables or no
/// output with exit 0 read as "all clean" to a script pointed at the wrong place.
/// </summary>
public sealed class NothingToReadTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dara-cli-nothing-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Scanning_a_folder_of_empty_folders_says_no_model_was_found()
    {
        for (var i = 0; i < 200; i++)
        {
            Directory.CreateDirectory(Path.Combine(_root, $"empty-{i}"));
        }

        var table = await CliRun.RunAsync("scan", _root);
        var json = await CliRun.RunAsync("scan", _root, "--format", "json");

        foreach (var run in new[] { table, json })
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"{_root}: {ScanCommand.NoModelFound}", run.Error.TrimEnd());
            Assert.Empty(run.Out);
            Assert.Empty(run.Console);
        }
    }

    [Fact]
    public async Task A_model_deeper_than_the_search_goes_is_not_found_and_the_message_says_how_deep_it_looks()
    {
        var deep = Path.Combine([_root, .. Enumerable.Range(0, ModelDiscovery.MaxDepth + 1).Select(i => $"d{i}")]);
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "config.json"), """{"model_type": "bert"}""");

        var run = await CliRun.RunAsync("scan", _root);
        var help = await CliRun.RunAsync("scan", "--help");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"up to {ModelDiscovery.MaxDepth} levels down", ScanCommand.NoModelFound, StringComparison.Ordinal);
        Assert.Matches($@"up\s+to\s+{ModelDiscovery.MaxDepth}\s+folders\s+down", help.Console);
    }

    [Fact]
    public async Task Scanning_a_file_says_it_is_a_file()
    {
        var file = Path.Combine(_root, "config.json");
        File.WriteAllText(file, "{}");

        var run = await CliRun.RunAsync("scan", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{file}: is a file, not a folder of models", run.Error.TrimEnd());
    }

    [Fact]
    public async Task Inspecting_an_empty_folder_says_it_holds_nothing_as_check_does()
    {
        var run = await CliRun.RunAsync("inspect", _root, "--format", "json");

        Assert.Equal(2, run.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(run.OutLines));
        Assert.Equal(0, json.RootElement.GetProperty("files_read").GetArrayLength());
        Assert.Equal($"{_root}: holds no file to read (no config.json, weights or model card)", run.Error.TrimEnd());
    }

    [Fact]
    public async Task Checking_a_single_file_dara_does_not_read_says_so_instead_of_passing_on_the_name_alone()
    {
        var file = Path.Combine(_root, "notes.json");
        File.WriteAllText(file, """{"model_type": "bert"}""");

        var run = await CliRun.RunAsync("check", file, "--name", "acme/bert-base", "--format", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("acme/bert-base", JsonDocument.Parse(Assert.Single(run.OutLines)).RootElement.GetProperty("name").GetString());
        Assert.Equal(
            $"{file}: is not a file Dara reads (config.json, README.md, a weight map, *.safetensors, *.gguf or *.onnx); only the name was checked",
            run.Error.TrimEnd());
    }

    [Fact]
    public async Task Checking_a_folder_of_files_dara_does_not_read_says_so_as_for_an_empty_folder()
    {
        File.WriteAllText(Path.Combine(_root, "tokenizer.json"), "{}");
        File.WriteAllText(Path.Combine(_root, "vocab.txt"), "[PAD]\n");

        var run = await CliRun.RunAsync("check", _root, "--name", "acme/bert-base");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"{_root}: holds no file Dara reads (config.json, README.md, a weight map, *.safetensors, *.gguf or *.onnx); only the name was checked",
            run.Error.TrimEnd());
    }

    [Fact]
    public async Task Checking_a_folder_with_weights_noted_by_name_alone_is_no_problem()
    {
        File.WriteAllBytes(Path.Combine(_root, "pytorch_model.bin"), new byte[16]);

        var run = await CliRun.RunAsync("check", _root, "--name", "acme/bert-base", "--format", "json");

        Assert.Empty(run.Error.Trim());
        Assert.NotEqual(2, run.ExitCode);
    }

    [Fact]
    public async Task Predicting_from_an_empty_file_says_it_holds_no_rows()
    {
        var rows = Path.Combine(_root, "rows.jsonl");
        File.WriteAllText(rows, "\n\n");

        var run = await CliRun.RunAsync("predict", rows);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Equal($"{rows}: holds no rows (expected one JSON object with \"layers\" per line, or a JSON array of them)", run.Error.TrimEnd());
    }

    [Fact]
    public async Task A_file_of_blank_lines_holds_no_names()
    {
        var names = Path.Combine(_root, "names.txt");
        File.WriteAllText(names, "\n   \n\n");

        var table = await CliRun.RunAsync("elements", "--input", names);
        var json = await CliRun.RunAsync("elements", "--input", names, "--format", "json");

        foreach (var run in new[] { table, json })
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"{names}: holds no names (one model name per line)", run.Error.TrimEnd());
        }
    }

    [Fact]
    public async Task A_long_list_of_names_is_shown_table_after_table()
    {
        var names = Path.Combine(_root, "names.txt");
        var count = (ElementsCommand.NamesPerTable * 2) + 1;
        File.WriteAllLines(names, Enumerable.Range(0, count).Select(i => $"acme/bert-base-v{i}"));

        var run = await CliRun.RunAsync("elements", "--input", names);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.Console.Split('\n').Count(line => line.StartsWith("│ name ", StringComparison.Ordinal)));
        Assert.Contains($"acme/bert-base-v{count - 1}", run.Console, StringComparison.Ordinal);
    }
}
