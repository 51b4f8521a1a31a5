using System.Text;
using System.Text.Json;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary><c>dara inspect</c>, <c>dara check</c> and <c>dara scan</c> on model folders written in the test.</summary>
public sealed class ModelCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dara-cli-models-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A two-layer DistilBERT classifier with positive/negative labels, as a Hub-layout folder.</summary>
    private string DistilBertFolder(string folderName)
    {
        var folder = Path.Combine(_root, folderName);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), """
            {"architectures": ["DistilBertForSequenceClassification"], "model_type": "distilbert", "dim": 64, "n_layers": 2,
             "n_heads": 4, "hidden_dim": 256, "vocab_size": 100, "max_position_embeddings": 64, "torch_dtype": "float32",
             "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}}
            """);
        File.WriteAllText(Path.Combine(folder, "README.md"), "---\nlanguage: en\nlicense: apache-2.0\n---\n# A tiny sentiment model\n");
        var weights = new SafetensorsBuilder()
            .Add("distilbert.embeddings.word_embeddings.weight", "F32", 100, 64)
            .Add("distilbert.transformer.layer.0.attention.q_lin.weight", "F32", 64, 64)
            .Add("distilbert.transformer.layer.1.attention.q_lin.weight", "F32", 64, 64)
            .Add("classifier.weight", "F32", 2, 64);
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), weights.ToBytes());
        return folder;
    }

    [Fact]
    public async Task Inspect_prints_facts_as_one_json_object()
    {
        var folder = DistilBertFolder("acme__tiny");

        var run = await CliRun.RunAsync("inspect", folder, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(run.OutLines));
        var facts = json.RootElement.GetProperty("facts");
        Assert.Equal("distilbert", facts.GetProperty("model_type").GetString());
        Assert.Equal((100 * 64) + (2 * 64 * 64) + (2 * 64), facts.GetProperty("parameters").GetInt64());
        Assert.Equal("text-classification", facts.GetProperty("implied_task").GetString());
        Assert.Equal(64, json.RootElement.GetProperty("fingerprint").GetProperty("hash").GetString()!.Length);
    }

    [Fact]
    public async Task Inspect_renders_a_table_for_people()
    {
        var run = await CliRun.RunAsync("inspect", DistilBertFolder("acme__tiny"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("DistilBertForSequenceClassification", run.Console, StringComparison.Ordinal);
        Assert.Contains("config.json: model_type", run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_exits_2_with_one_line_naming_the_file()
    {
        var folder = DistilBertFolder("acme__broken");
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), [1, 2, 3]);

        var missing = await CliRun.RunAsync("inspect", Path.Combine(_root, "nowhere"));
        var broken = await CliRun.RunAsync("check", folder);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file or folder", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, broken.ExitCode);
        var line = Assert.Single(broken.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("model.safetensors: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", broken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_under_a_wrong_name_is_misnamed_and_exits_1()
    {
        var folder = DistilBertFolder("acme__tiny");

        var run = await CliRun.RunAsync("check", folder, "--name", "acme/bert-base-sentiment", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(run.OutLines));
        var root = json.RootElement;
        Assert.Equal("acme/bert-base-sentiment", root.GetProperty("name").GetString());
        Assert.Equal("misnamed", root.GetProperty("verdict").GetString());
        Assert.InRange(root.GetProperty("score").GetInt32(), 0, 99);
        Assert.Equal(["A", "S", "T"], root.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        var finding = root.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("code").GetString() == "architecture-mismatch");
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal("config.json: model_type", finding.GetProperty("evidence").GetString());
        Assert.Equal("acme/distilbert-base-sentiment", root.GetProperty("suggested_name").GetString());
        Assert.Equal("distilbert", root.GetProperty("facts").GetProperty("model_type").GetString());
    }

    [Fact]
    public async Task Check_fails_on_warnings_only_when_asked()
    {
        var folder = DistilBertFolder("acme__distilbert-tiny");

        var lenient = await CliRun.RunAsync("check", folder, "--name", "acme/distilbert-tiny", "--format", "json");
        var strict = await CliRun.RunAsync("check", folder, "--name", "acme/distilbert-tiny", "--format", "json", "--fail-on", "warning");

        Assert.Equal(0, lenient.ExitCode);
        Assert.Equal("suspicious", JsonDocument.Parse(lenient.OutLines[0]).RootElement.GetProperty("verdict").GetString());
        Assert.Equal(1, strict.ExitCode);
    }

    [Fact]
    public async Task Check_renders_the_verdict_the_evidence_and_the_suggestion()
    {
        var run = await CliRun.RunAsync("check", DistilBertFolder("acme__tiny"), "--name", "acme/bert-base-sentiment");

        Assert.Contains("misnamed", run.Console, StringComparison.Ordinal);
        Assert.Contains("architecture-mismatch", run.Console, StringComparison.Ordinal);
        Assert.Contains("acme/distilbert-base-sentiment", run.Console, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("////")]
    [InlineData("owner/")]
    [InlineData("/bert-base")]
    [InlineData("a/b/c")]
    public async Task A_name_with_an_empty_part_or_more_than_one_slash_is_refused(string name)
    {
        var folder = DistilBertFolder("acme__tiny");

        var run = await CliRun.RunAsync("check", folder, "--name", name);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"dara: --name: give the model's name as owner/name (or name alone), not '{name}'.", line);
        Assert.Empty(run.Console);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_name_without_an_owner_is_checked_as_before()
    {
        var run = await CliRun.RunAsync("check", DistilBertFolder("acme__tiny"), "--name", "bert-base", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(run.OutLines));
        Assert.Equal("bert-base", json.RootElement.GetProperty("name").GetString());
        Assert.Equal("distilbert-base-sentiment", json.RootElement.GetProperty("suggested_name").GetString());
    }

    [Fact]
    public async Task A_policy_file_changes_the_convention_findings()
    {
        var folder = DistilBertFolder("acme__tiny");
        using var policy = new TempFile("""{"lowercase": true, "severity": "warning"}""", ".json");

        var run = await CliRun.RunAsync("check", folder, "--name", "acme/DistilBERT-Sentiment", "--policy", policy.Path, "--format", "json");

        using var json = JsonDocument.Parse(run.OutLines[0]);
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "convention" && f.GetProperty("severity").GetString() == "warning");
        Assert.Equal("acme/distilbert-sentiment", json.RootElement.GetProperty("suggested_name").GetString());
    }

    [Fact]
    public async Task A_finding_the_policy_file_accepts_no_longer_fails_the_check()
    {
        var folder = DistilBertFolder("acme__tiny");
        using var policy = new TempFile("""{"accepted_findings": [{"code": "architecture-mismatch", "claimed": "llama"}]}""", ".json");

        var flagged = await CliRun.RunAsync("check", folder, "--name", "acme/llama-sentiment");
        var accepted = await CliRun.RunAsync("check", folder, "--name", "acme/llama-sentiment", "--policy", policy.Path, "--format", "json");

        Assert.Equal((1, 0), (flagged.ExitCode, accepted.ExitCode));
        using var json = JsonDocument.Parse(accepted.OutLines[0]);
        Assert.Equal("ok", json.RootElement.GetProperty("verdict").GetString());
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "architecture-mismatch" && f.GetProperty("severity").GetString() == "info");
    }

    [Theory]
    [InlineData("""{"accepted_findings": [{"code": "nope", "claimed": "x"}]}""", "p.json: accepted_findings: 'nope' is not a finding code (architecture-mismatch, ")]
    [InlineData("""{"accepted_findings": [{"code": "convention", "claimed": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}]}""", "p.json: accepted_findings: an accepted finding's text must be at most 128 characters")]
    [InlineData("""{"lowercse": true}""", "p.json: has the unknown key 'lowercse' (line 1, byte 13); a policy knows require_architecture, ")]
    [InlineData("""{"lowercase": "yes"}""", "p.json: 'lowercase' must be true or false (line 1, byte 20)")]
    [InlineData("""{"severity": "loud"}""", "p.json: 'severity' must be \"info\", \"warning\" or \"error\" (line 1, byte 20)")]
    [InlineData("""{"order": ["A", "Z"]}""", "p.json: 'order' must be a list of element codes, such as [\"A\", \"T\"] (line 1, byte 20)")]
    [InlineData("[]", "p.json: must hold a JSON object of policy settings, such as {\"lowercase\": true} (line 1, byte 2)")]
    [InlineData("{x", "p.json: is not valid JSON (line 1, byte 2)")]
    public async Task A_malformed_policy_file_is_one_plain_line_naming_the_file_and_the_key(string policy, string expected)
    {
        var folder = DistilBertFolder("acme__tiny");
        var path = Path.Combine(_root, "p.json");
        File.WriteAllText(path, policy);

        var check = await CliRun.RunAsync("check", folder, "--policy", path);
        var scan = await CliRun.RunAsync("scan", folder, "--policy", path);

        Assert.Equal(2, check.ExitCode);
        Assert.Equal(2, scan.ExitCode);
        var line = Assert.Single(check.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(Path.Combine(_root, expected), line, StringComparison.Ordinal);
        Assert.DoesNotContain("Dara.Cloud", line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
        Assert.Equal(check.Error, scan.Error);
    }

    [Fact]
    public async Task Scan_checks_every_model_below_a_folder()
    {
        DistilBertFolder("acme__distilbert-sentiment");
        DistilBertFolder("acme__bert-base");
        Directory.CreateDirectory(Path.Combine(_root, "not-a-model"));

        var json = await CliRun.RunAsync("scan", _root, "--format", "json");
        var table = await CliRun.RunAsync("scan", _root);

        Assert.Equal(0, json.ExitCode);
        var verdicts = json.OutLines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("verdict").GetString());
        Assert.Equal(2, verdicts.Count);
        Assert.Equal("misnamed", verdicts["acme/bert-base"]);
        Assert.Equal("ok", verdicts["acme/distilbert-sentiment"]);
        Assert.Contains("misnamed", table.Console, StringComparison.Ordinal);
        Assert.Contains("architecture-mismatch", table.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_lines_say_which_folder_each_model_was_read_from()
    {
        var folder = DistilBertFolder("acme__bert-base");
        var onnx = Directory.CreateDirectory(Path.Combine(folder, "onnx")).FullName;
        File.WriteAllBytes(Path.Combine(onnx, "model.onnx"), OnnxSampleModels.ConvNetWithControlFlow().ToBytes());

        var json = await CliRun.RunAsync("scan", _root, "--format", "json");
        var table = await CliRun.RunAsync("scan", _root);

        var lines = json.OutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["acme/bert-base", "acme/bert-base"], lines.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal(["acme__bert-base", "acme__bert-base/onnx"], lines.Select(l => l.GetProperty("path").GetString()));
        Assert.All(lines, l => Assert.Equal("path", l.EnumerateObject().First().Name));
        Assert.Contains("acme__bert-base", table.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_cannot_be_read_is_reported_and_the_others_are_still_scanned()
    {
        DistilBertFolder("acme__good");
        var escaping = DistilBertFolder("acme__escaping");
        File.Delete(Path.Combine(escaping, "README.md"));
        File.WriteAllText(Path.Combine(_root, "outside.md"), "# not the model's\n");
        File.CreateSymbolicLink(Path.Combine(escaping, "README.md"), Path.Combine(_root, "outside.md"));

        var run = await CliRun.RunAsync("scan", _root, "--format", "json");

        Assert.Equal(2, run.ExitCode);
        using var line = JsonDocument.Parse(Assert.Single(run.OutLines));
        Assert.Equal("acme__good", line.RootElement.GetProperty("path").GetString());
        var problem = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(escaping, problem, StringComparison.Ordinal);
        Assert.Contains("README.md", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_folder_is_checked_by_name_and_said_to_hold_nothing()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;

        var run = await CliRun.RunAsync("check", empty, "--name", "acme/bert-base", "--format", "json");

        Assert.Equal(2, run.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(run.OutLines));
        Assert.Equal("acme/bert-base", json.RootElement.GetProperty("name").GetString());
        Assert.Equal($"{empty}: holds no file to read (no config.json, weights or model card); only the name was checked", run.Error.Trim());
    }

    [Fact]
    public async Task Scanning_a_model_folder_itself_gives_the_path_dot()
    {
        var run = await CliRun.RunAsync("scan", DistilBertFolder("acme__tiny"), "--format", "json");

        using var line = JsonDocument.Parse(Assert.Single(run.OutLines));
        Assert.Equal(".", line.RootElement.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Scan_finds_a_model_whose_folder_starts_with_digits_and_an_underscore()
    {
        DistilBertFolder("1235357__distilbert-sentiment");
        DistilBertFolder("acme__distilbert-sentiment");

        var run = await CliRun.RunAsync("scan", _root, "--format", "json");

        var paths = run.OutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("path").GetString());
        Assert.Equal(["1235357__distilbert-sentiment", "acme__distilbert-sentiment"], paths);
    }

    [Fact]
    public async Task Scan_leaves_out_the_module_folders_beside_a_sentence_transformers_modules_json()
    {
        var folder = DistilBertFolder("acme__distilbert-embedding");
        File.WriteAllText(Path.Combine(folder, "modules.json"), """[{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}, {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]""");
        var pooling = Directory.CreateDirectory(Path.Combine(folder, "1_Pooling")).FullName;
        File.WriteAllText(Path.Combine(pooling, "config.json"), """{"word_embedding_dimension": 64, "pooling_mode_mean_tokens": true}""");

        var run = await CliRun.RunAsync("scan", _root, "--format", "json");

        using var line = JsonDocument.Parse(Assert.Single(run.OutLines));
        Assert.Equal("acme__distilbert-embedding", line.RootElement.GetProperty("path").GetString());
    }

    [RealDataFact]
    public async Task Scan_finds_every_real_model_folder()
    {
        var run = await CliRun.RunAsync("scan", RealData.HfConfigs, "--format", "json");

        var scanned = run.OutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("path").GetString()!.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        var missed = Directory.GetDirectories(RealData.HfConfigs).Select(f => Path.GetFileName(f)).Where(f => !scanned.Contains(f)).ToList();
        Assert.Equal([], missed);
    }

    [RealDataFact]
    public async Task Scan_covers_the_real_model_folders()
    {
        var run = await CliRun.RunAsync("scan", RealData.HfConfigs, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.True(run.OutLines.Length >= 150, $"{run.OutLines.Length} models");
        Assert.Equal(string.Empty, run.Error);
    }
}
