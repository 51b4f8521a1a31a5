using System.Reflection;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary>An option's value is checked before a command runs, and a missing or mistyped one is named in one line.</summary>
public sealed class OptionValueTests
{
    /// <summary>Every option that takes a value, with the command it belongs to and arguments the command requires.</summary>
    public static TheoryData<string, string> ValueOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (command, settings) in DaraApp.SettingsByCommand)
        {
            foreach (var option in settings.GetProperties().Select(p => p.GetCustomAttribute<CommandOptionAttribute>()).OfType<CommandOptionAttribute>())
            {
                if (option.ValueName is not null && !option.ValueIsOptional)
                {
                    data.Add(command, "--" + option.LongNames[0]);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_command_of_the_cli_has_its_options_checked()
    {
        var settingsOfCommands = typeof(DaraApp).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b
                && (b.GetGenericTypeDefinition() == typeof(Command<>) || b.GetGenericTypeDefinition() == typeof(AsyncCommand<>)))
            .Select(t => t.BaseType!.GetGenericArguments()[0]);

        Assert.All(settingsOfCommands, settings => Assert.Contains(settings, DaraApp.SettingsByCommand.Values));
    }

    [Theory]
    [MemberData(nameof(ValueOptions))]
    public async Task Every_option_left_without_its_value_is_refused_naming_it(string command, string option)
    {
        var run = await CliRun.RunAsync([.. command.Split(' '), "some-source", option]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"dara: {option} needs a value (", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
        Assert.Empty(run.Console);
    }

    [Theory]
    [InlineData("--name", "check", "./model", "--name")]
    [InlineData("--name", "check", "./model", "--name", "--format", "json")]
    [InlineData("--name", "check", "./model", "--name", "--")]
    [InlineData("--name", "check", "./model", "--name=")]
    [InlineData("-f", "inspect", "./model", "-f")]
    [InlineData("--policy", "scan", "./models", "--policy", "-f", "json")]
    [InlineData("--input", "elements", "--input")]
    [InlineData("--folds", "eval", "classifier", "--folds")]
    public async Task A_missing_value_is_never_filled_with_the_parsers_placeholder(string option, params string[] args)
    {
        // Spectre.Console.Cli retried such lines with "__default_command" inserted, which became the value: the model
        // was checked under the name "__default_command" and the command exited 0.
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"dara: {option} needs a value", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("__default_command", run.Error + run.Out + run.Console, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dara: --format must be table or json, not 'jsn'.", "check", "./model", "--format", "jsn")]
    [InlineData("dara: -f must be table or json, not 'yaml'.", "inspect", "./model", "-f", "yaml")]
    [InlineData("dara: --format must be table or json, not '1'.", "scan", "./models", "--format", "1")]
    [InlineData("dara: --fail-on must be warning or error, not 'info'.", "check", "./model", "--fail-on", "info")]
    [InlineData("dara: --fail-on must be warning or error, not 'warn'.", "scan", "./models", "--fail-on=warn")]
    [InlineData("dara: --split must be all, development or heldout, not 'test'.", "eval", "elements", "labels.json", "--split", "test")]
    [InlineData("dara: --timeout must be a whole number, not 'ten'.", "check", "./model", "--server", "http://127.0.0.1:1", "--timeout", "ten")]
    [InlineData("dara: --seed must be a whole number, not '1.5'.", "train", "--out", "x", "--seed", "1.5")]
    [InlineData("dara: -t must be a whole number, not 'all'.", "eval", "classifier", "-t", "all")]
    public async Task A_mistyped_value_names_the_option_and_what_it_takes(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Error.TrimEnd());
        Assert.DoesNotContain("Failed to convert", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choices_are_taken_in_any_case_and_after_an_equals_sign()
    {
        var run = await CliRun.RunAsync("elements", "acme/bert-base", "--format=JSON");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("{\"name\":\"acme/bert-base\"", Assert.Single(run.OutLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_starting_with_a_dash_that_is_no_option_is_a_value()
    {
        var run = await CliRun.RunAsync("eval", "elements", "labels.json", "--top", "-1");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("dara: --top must be 0 or more.", run.Error.TrimEnd());
    }

    [Fact]
    public async Task Help_is_shown_even_when_an_option_lacks_its_value()
    {
        var run = await CliRun.RunAsync("check", "--name", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("USAGE:", run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vectors_without_json_output_are_refused_instead_of_silently_dropped()
    {
        var run = await CliRun.RunAsync("inspect", "./model", "--vectors");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("dara: --vectors adds DARA's vectors to the JSON: use it with --format json.", run.Error.TrimEnd());
    }
}
