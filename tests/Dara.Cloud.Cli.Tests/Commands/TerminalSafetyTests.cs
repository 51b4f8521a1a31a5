using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary>Text from artifacts and arguments reaches the terminal with its control characters shown, never obeyed.</summary>
public sealed class TerminalSafetyTests : IDisposable
{
    private const string Escape = "\u001b";

    private readonly string _root = Directory.CreateTempSubdirectory("dara-cli-terminal-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string name, string modelType)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), $$"""{"model_type": "{{modelType}}", "architectures": ["BertModel"], "hidden_size": 64}""");
        return folder;
    }

    /// <summary>The output holds no control character but line breaks (TestConsole writes no ANSI of its own), and shows <paramref name="visible"/>.</summary>
    private static void AssertShownAsText(string output, string visible)
    {
        Assert.DoesNotContain(output, c => char.IsControl(c) && c is not '\n' and not '\r');
        Assert.Contains(visible, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_type_holding_escape_sequences_is_shown_as_text_in_the_tables()
    {
        var folder = Folder("acme__tiny", "bert\\u001b[2J\\u009b31m");

        var check = await CliRun.RunAsync("check", folder, "--name", "acme/bert-base");
        var inspect = await CliRun.RunAsync("inspect", folder);

        AssertShownAsText(check.Console, "bert\\u001b[2J\\u009b31m");
        AssertShownAsText(inspect.Console, "bert\\u001b[2J\\u009b31m");
    }

    [Fact]
    public async Task A_name_argument_holding_escape_sequences_is_shown_as_text()
    {
        var folder = Folder("acme__tiny", "bert");

        var check = await CliRun.RunAsync("check", folder, "--name", $"acme/bert-{Escape}]0;pwned\u0007-base");
        var elements = await CliRun.RunAsync("elements", $"acme/bert-{Escape}[2J");

        AssertShownAsText(check.Console, "\\u001b]0;pwned\\u0007");
        AssertShownAsText(elements.Console, "\\u001b[2J");
    }

    [Fact]
    public async Task A_gguf_name_holding_escape_sequences_is_shown_as_text()
    {
        var folder = Path.Combine(_root, "gguf");
        Directory.CreateDirectory(folder);
        var gguf = new GgufBuilder().AddString("general.architecture", "llama").AddString("general.name", $"Llama{Escape}[2J").AddTensor("t", "F32", 4);
        File.WriteAllBytes(Path.Combine(folder, "model.gguf"), gguf.ToBytes());

        var run = await CliRun.RunAsync("inspect", folder);

        AssertShownAsText(run.Console, "Llama\\u001b[2J");
    }

    [Fact]
    public async Task A_tensor_name_holding_escape_sequences_is_shown_as_text_in_the_error()
    {
        var folder = Folder("acme__tiny", "bert");
        var weights = new SafetensorsBuilder().AddWithOffsets($"w{Escape}[2J", "NOPE", [2], 0, 8);
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), weights.ToBytes());

        var run = await CliRun.RunAsync("check", folder, "--format", "json");

        Assert.Equal(2, run.ExitCode);
        AssertShownAsText(run.Error, "'w\\u001b[2J'");
    }

    [Fact]
    public async Task A_file_name_holding_escape_sequences_is_shown_as_text_on_standard_error()
    {
        var missing = Path.Combine(_root, $"names{Escape}[2J.txt");

        var run = await CliRun.RunAsync("elements", "--input", missing);

        Assert.Equal(2, run.ExitCode);
        AssertShownAsText(run.Error, "names\\u001b[2J.txt");
    }
}
