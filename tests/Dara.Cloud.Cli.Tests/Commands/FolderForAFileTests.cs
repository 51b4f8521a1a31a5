namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary>A folder given where a command reads a file is called a folder, not a missing file.</summary>
public sealed class FolderForAFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dara-cli-folder-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("is a folder, not a file of names", "elements", "--input", "{folder}")]
    [InlineData("is a folder, not a file of rows", "predict", "{folder}")]
    [InlineData("is a folder, not a labels file", "eval", "elements", "{folder}")]
    [InlineData("is a folder, not a policy file", "check", "{model}", "--policy", "{folder}")]
    [InlineData("is a folder, not a policy file", "scan", "{model}", "--policy", "{folder}")]
    public async Task A_folder_given_for_a_file_is_one_line_calling_it_a_folder(string problem, params string[] args)
    {
        var model = Directory.CreateDirectory(Path.Combine(_folder, "model")).FullName;
        File.WriteAllText(Path.Combine(model, "config.json"), """{"model_type": "bert"}""");

        var run = await CliRun.RunAsync(args.Select(a => a.Replace("{folder}", _folder).Replace("{model}", model)).ToArray());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{_folder}: {problem}", run.Error.TrimEnd());
    }
}
