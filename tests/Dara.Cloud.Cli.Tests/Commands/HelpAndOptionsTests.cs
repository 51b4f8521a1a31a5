namespace Dara.Cloud.Cli.Tests.Commands;

public sealed class HelpAndOptionsTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("inspect", "--help")]
    [InlineData("check", "--help")]
    [InlineData("scan", "--help")]
    [InlineData("elements", "--help")]
    [InlineData("predict", "--help")]
    [InlineData("train", "--help")]
    [InlineData("eval", "--help")]
    [InlineData("eval", "elements", "--help")]
    [InlineData("eval", "classifier", "--help")]
    public async Task Every_commands_help_prints_and_exits_0(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("USAGE:", run.Console, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Help_shows_defaults_as_they_are_typed()
    {
        var check = await CliRun.RunAsync("check", "--help");
        var eval = await CliRun.RunAsync("eval", "elements", "--help");

        Assert.Matches(@"--format <FORMAT>\s+table\s", check.Console);
        Assert.Matches(@"--fail-on <SEVERITY>\s+error\s", check.Console);
        Assert.Matches(@"--split <SPLIT>\s+all\s", eval.Console);
    }

    [Theory]
    [InlineData("elements", "bert-base", "--nonsense")]
    [InlineData("elements", "bert-base", "--fromat", "json")]
    [InlineData("check", ".", "--org", "acme")]
    public async Task An_unknown_option_is_refused_naming_it(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(args.First(a => a.StartsWith("--", StringComparison.Ordinal))[2..], run.Error + run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_help_offers_only_the_families_it_can_export()
    {
        // It listed knn, which --family then refused.
        var run = await CliRun.RunAsync("train", "--help");

        Assert.Matches(@"maxent\s+\(L-BFGS\s+maximum\s+entropy\),\s+lightgbm\s+or\s+mlp", run.Console);
        Assert.Matches(@"knn\s+has\s+no\s+ONNX\s+form", run.Console);
    }
}
