using System.ComponentModel;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Cli.Inspection;
using Dara.Cloud.Cli.Output;
using Dara.Cloud.Cli.Remote;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary>
/// <c>dara check &lt;folder|file|hf:owner/name&gt; [--name owner/name]</c>: does the name say truthfully what the model is?
/// Exit 0 clean, 1 findings at or above <c>--fail-on</c>, 2 bad input.
/// </summary>
public sealed class CheckCommand(CliStreams streams) : AsyncCommand<CheckCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<source>")]
        [Description("A model folder in Hub layout, a single file, a model's folder in a Hugging Face cache (models--owner--name), or hf:owner/name[[@revision]] (a branch, tag or commit).")]
        public string Source { get; init; } = string.Empty;

        [CommandOption("-n|--name <NAME>")]
        [Description("Check the artifacts under this name (owner/name) instead of their own: a pre-publish check.")]
        public string? Name { get; init; }

        [CommandOption("-f|--format <FORMAT>")]
        [Description("table (default) or json (one object).")]
        [DefaultValue("table")]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        [CommandOption("--fail-on <SEVERITY>")]
        [Description("Exit 1 when a finding is at least this severe: warning or error (default).")]
        [DefaultValue("error")]
        public FailOn FailOn { get; init; } = FailOn.Error;

        [CommandOption("--policy <FILE>")]
        [Description("A naming policy (JSON) to check the convention against instead of the default.")]
        public string? Policy { get; init; }

        [CommandOption("--server <URL>")]
        [Description("Check through a Dara.Cloud service instead of locally: only headers and documents are uploaded.")]
        public string? Server { get; init; }

        [CommandOption("--api-key <KEY>")]
        [Description("The organization API key for --server (default: the DARA_API_KEY environment variable).")]
        public string? ApiKey { get; init; }

        [CommandOption("--register")]
        [Description("With --server: also register the model in the key's organization (needs a reviewer key).")]
        public bool Register { get; init; }

        [CommandOption("--timeout <SECONDS>")]
        [Description("With --server: how long to wait for the service (default 100).")]
        [DefaultValue(100)]
        public int Timeout { get; init; } = 100;

        public override ValidationResult Validate() =>
            Name is not null && !ModelNameOption.IsValid(Name) ? ValidationResult.Error($"{ModelNameOption.Problem}, not {MessageText.Quote(Name)}.")
            : Server is null && (ApiKey is not null || Register) ? ValidationResult.Error("--api-key and --register need --server.")
            : Server is not null && Policy is not null ? ValidationResult.Error("--policy applies to local checks; through --server the organization's policy applies.")
            : Server is not null && !(Uri.TryCreate(Server, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                ? ValidationResult.Error($"--server must be an http(s) address, not '{Server}'.")
            : Timeout is < 1 or > 3600 ? ValidationResult.Error("--timeout must be 1-3600 seconds.")
            : ValidationResult.Success();
    }

    /// <summary>Where <c>--api-key</c> is read from when not given.</summary>
    public const string ApiKeyVariable = "DARA_API_KEY";

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Server is not null)
        {
            return await CheckThroughServiceAsync(settings, cancellationToken);
        }

        using var inspector = new SourceInspector();
        try
        {
            var policy = settings.Policy is { } path ? PolicyFile.Read(path) : NamingPolicy.Default;
            var (report, ownName) = await inspector.InspectAsync(settings.Source, cancellationToken);
            var result = ClassifyingChecker.Instance.Check(settings.Name ?? ownName, report, policy);

            return Report(settings, EngineJson.Serialize(CheckDocument.From(result, report)), VerdictView.From(result), SourceInspector.ProblemsOf(report, settings.Source, "only the name was checked"));
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// <c>--server</c>: uploads what the engine reads (headers, documents, the listing) and prints the service's
    /// verdict exactly as a local check would, with the same exit codes; a request that fails exits 2 with why.
    /// </summary>
    private async Task<int> CheckThroughServiceAsync(Settings settings, CancellationToken cancellationToken)
    {
        var apiKey = settings.ApiKey ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            streams.Error.WriteLine($"dara: --server needs an API key: pass --api-key or set {ApiKeyVariable}.");
            return ExitCodes.BadInput;
        }

        try
        {
            using var inspector = new SourceInspector();
            var (files, ownName) = await inspector.ReadForUploadAsync(settings.Source, cancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(settings.Timeout) };
            var (json, document) = await new RemoteCheckClient(http).CheckAsync(
                new Uri(settings.Server!), apiKey.Trim(), settings.Name ?? ownName, files, settings.Register, cancellationToken);
            return Report(settings, json, VerdictView.From(document), document.Problems);
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (RemoteCheckException e)
        {
            streams.Error.WriteLine($"dara: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private int Report(Settings settings, string json, VerdictView verdict, IReadOnlyList<ArtifactProblem> problems)
    {
        if (settings.Format == OutputFormat.Json)
        {
            streams.Out.WriteLine(json);
        }
        else
        {
            streams.Console.Write(ReportRenderer.Verdict(verdict));
            streams.Console.WriteLine();
        }

        foreach (var problem in problems)
        {
            streams.Error.WriteLine(problem.ToString());
        }

        return problems.Count > 0 ? ExitCodes.BadInput
            : verdict.Findings.Any(f => f.Severity >= settings.FailOn.Threshold()) ? ExitCodes.Findings
            : ExitCodes.Clean;
    }
}

/// <summary>The least severe finding that fails a check.</summary>
public enum FailOn
{
    Warning,
    Error,
}

internal static class FailOnExtensions
{
    public static Severity Threshold(this FailOn failOn) => failOn == FailOn.Warning ? Severity.Warning : Severity.Error;
}
