using System.Text.Json;

namespace Dara.Cloud.Cli.Tests.Commands;

public sealed class ElementsCommandTests
{
    [Fact]
    public async Task Json_output_is_one_object_per_name_with_code_text_and_value()
    {
        var run = await CliRun.RunAsync("elements", "google/albert-base-v2", "Helsinki-NLP/opus-mt-it-en", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.OutLines.Length);
        using var first = JsonDocument.Parse(run.OutLines[0]);
        Assert.Equal("google/albert-base-v2", first.RootElement.GetProperty("name").GetString());
        var elements = first.RootElement.GetProperty("elements").EnumerateArray().ToArray();
        Assert.Equal(["A", "S", "V"], elements.Select(e => e.GetProperty("code").GetString()));
        Assert.Equal(["albert", "base", "v2"], elements.Select(e => e.GetProperty("text").GetString()));
        Assert.Equal("albert", elements[0].GetProperty("value").GetString());
        Assert.Equal(["code", "text", "value"], elements[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Json_keeps_names_in_any_script_and_emoji_readable()
    {
        var run = await CliRun.RunAsync("elements", "uer/gpt2-中文-🤖", "--format", "json");

        using var line = JsonDocument.Parse(Assert.Single(run.OutLines));
        Assert.Equal("uer/gpt2-中文-🤖", line.RootElement.GetProperty("name").GetString());
        Assert.Contains("中文", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_are_read_from_an_input_file_one_per_line()
    {
        using var file = new TempFile("bert-base-uncased\n\n  \r\nTheBloke/Llama-2-7B-Chat-GGUF\r\n");

        var run = await CliRun.RunAsync("elements", "--input", file.Path, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.OutLines.Length);
        Assert.Contains("\"name\":\"TheBloke/Llama-2-7B-Chat-GGUF\"", run.OutLines[1], StringComparison.Ordinal);
        Assert.Contains("{\"code\":\"W\",\"text\":\"GGUF\",\"value\":\"gguf\"}", run.OutLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_file_exits_with_2_and_one_line_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dara-missing-{Guid.NewGuid():N}.txt");

        var run = await CliRun.RunAsync("elements", "--input", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{path}: file not found", run.Error.TrimEnd());
    }

    [Fact]
    public async Task An_overlong_line_in_the_input_file_is_refused_with_its_line_number()
    {
        using var file = new TempFile("bert-base\n" + new string('x', 70_000) + "\n");

        var run = await CliRun.RunAsync("elements", "--input", file.Path, "--format", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 2 is longer than", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', run.Error.TrimEnd());
    }

    [Fact]
    public async Task A_line_of_the_input_file_that_is_not_utf8_is_refused_with_its_line_number_not_read_as_another_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dara-names-{Guid.NewGuid():N}.txt");
        File.WriteAllBytes(path, [.. "acme/bert-base\n"u8, .. "acme/bert-"u8, 0xFF, 0xFE, .. "large\n"u8]);
        try
        {
            var run = await CliRun.RunAsync("elements", "--input", path, "--format", "json");

            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"{path}: line 2 is not UTF-8 text (a file of names holds one UTF-8 name per line)", run.Error.TrimEnd());
            Assert.DoesNotContain("\\uFFFD", run.Out, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_table_shows_each_element_with_its_code_and_meaning()
    {
        var run = await CliRun.RunAsync("elements", "xlmr-large", "meta-llama/Llama-2-7b-chat-hf");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("xlmr → xlm-roberta", run.Console, StringComparison.Ordinal);
        Assert.Contains(" P  7b → 7000000000", run.Console, StringComparison.Ordinal);
        Assert.Contains("meta-llama/", run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_table_says_when_a_name_was_too_long_to_read_whole()
    {
        var run = await CliRun.RunAsync("elements", new string('a', 10_000));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("only the first 512 characters read", run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parameter_count_too_large_for_a_decimal_is_an_unknown_word()
    {
        var run = await CliRun.RunAsync("elements", "x-99999999999999999999B", "x-99999999999999999T", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.OutLines.Length);
        Assert.Contains("{\"code\":\"O\",\"text\":\"x-99999999999999999999B\"", run.OutLines[0], StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Markup_characters_in_names_are_shown_as_text()
    {
        var run = await CliRun.RunAsync("elements", "[red]bert[/]-base");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("[red]bert[/]-base", run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_names_or_input_the_command_refuses()
    {
        var run = await CliRun.RunAsync("elements");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Give model names or --input FILE.", run.Error, StringComparison.Ordinal);
    }
}
