using Dara.Cloud.Testing;

namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary>
/// Files and folders the file system will not read, or that never end, are one line naming them and exit 2: never an
/// internal error, a hang or a read without end.
/// </summary>
public sealed class UnreadableInputTests : IDisposable
{
    /// <summary>Opens for reading, then every read fails with EIO (even for root).</summary>
    private const string FailingReads = "/proc/self/mem";

    private readonly string _root = Directory.CreateTempSubdirectory("dara-cli-unreadable-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Model()
    {
        var model = Directory.CreateDirectory(Path.Combine(_root, "acme__bert-base")).FullName;
        File.WriteAllText(Path.Combine(model, "config.json"), """{"model_type": "bert", "architectures": ["BertModel"]}""");
        return model;
    }

    [Fact]
    public async Task A_policy_file_whose_reads_fail_is_one_line_naming_it()
    {
        var run = await CliRun.RunAsync("check", Model(), "--policy", FailingReads);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{FailingReads}: cannot be read: Input/output error", run.Error.TrimEnd());
    }

    [Fact]
    public async Task A_policy_file_without_end_is_refused_at_the_cap_instead_of_read_whole()
    {
        // /dev/zero reports no length; read whole, it ran the process out of memory.
        var run = await CliRun.RunAsync("scan", Model(), "--policy", "/dev/zero");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("/dev/zero: holds more than 1,048,576 bytes; a policy is at most 1,048,576", run.Error.TrimEnd());
    }

    [Fact]
    public async Task A_list_of_names_whose_reads_fail_is_one_line_naming_it()
    {
        var run = await CliRun.RunAsync("elements", "--input", FailingReads);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{FailingReads}: cannot be read: Input/output error", run.Error.TrimEnd());
    }

    [UnlistableFolderFact]
    public async Task A_model_folder_that_cannot_be_listed_is_one_line_for_inspect_and_check()
    {
        using var folder = UnlistableFolder.Create();

        var inspect = await CliRun.RunAsync("inspect", folder.Path);
        var check = await CliRun.RunAsync("check", folder.Path, "--format", "json");

        foreach (var run in new[] { inspect, check })
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"{folder.Path}: cannot be listed: permission denied", run.Error.TrimEnd());
        }
    }

    [UnlistableFolderFact]
    public async Task Scanning_a_folder_that_cannot_be_listed_says_so_and_that_no_model_was_found()
    {
        using var folder = UnlistableFolder.Create();

        var run = await CliRun.RunAsync("scan", folder.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [$"{folder.Path}: cannot be listed, skipped: permission denied", $"{folder.Path}: {Cli.Commands.ScanCommand.NoModelFound}"],
            run.Error.TrimEnd().Split('\n'));
    }

    [PermissionBitsFact]
    public async Task A_locked_folder_among_models_is_skipped_and_the_others_scanned()
    {
        Model();
        var locked = Directory.CreateDirectory(Path.Combine(_root, "locked")).FullName;
        File.WriteAllText(Path.Combine(locked, "config.json"), "{}");
        UnlistableFolder.Lock(locked);
        try
        {
            var run = await CliRun.RunAsync("scan", _root, "--format", "json");

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("\"name\":\"acme/bert-base\"", Assert.Single(run.OutLines), StringComparison.Ordinal);
            Assert.Equal($"{locked}: cannot be listed, skipped: permission denied", run.Error.TrimEnd());
        }
        finally
        {
            UnlistableFolder.Unlock(locked);
        }
    }
}
