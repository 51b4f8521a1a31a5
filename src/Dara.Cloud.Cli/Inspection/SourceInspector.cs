using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Cli.Remote;

namespace Dara.Cloud.Cli.Inspection;

/// <summary>Opens what a command line names (folder, file, cache, <c>hf:owner/name</c>) and reads it into a report.</summary>
internal sealed class SourceInspector : IDisposable
{
    // Local sources never touch the Hub, so they get default Hub options: a malformed HF_ENDPOINT or HF_TOKEN made
    // even `dara check ./folder` an internal error when the options were read from the environment up front.
    private readonly ArtifactSourceResolver _localResolver = new(new HubClientOptions());
    private readonly ModelInspector _inspector = new();
    private ArtifactSourceResolver? _hubResolver;

    /// <summary>The report and the name the model goes by; throws <see cref="ArtifactException"/> when the source cannot be opened.</summary>
    public async Task<(ModelReport Report, string Name)> InspectAsync(string location, CancellationToken cancellationToken)
    {
        await using var source = await OpenAsync(location, cancellationToken).ConfigureAwait(false);
        var artifacts = await _inspector.InspectAsync(source, cancellationToken).ConfigureAwait(false);
        return (ModelReport.From(artifacts), ModelIdentity.NameOf(source, location));
    }

    /// <summary>What to upload of a source for a check through the service, and the name the model goes by.</summary>
    public async Task<(IReadOnlyList<UploadFile> Files, string Name)> ReadForUploadAsync(string location, CancellationToken cancellationToken)
    {
        await using var source = await OpenAsync(location, cancellationToken).ConfigureAwait(false);
        return (await UploadPlan.ForAsync(source, cancellationToken).ConfigureAwait(false), ModelIdentity.NameOf(source, location));
    }

    /// <summary>Reads an already-open source (scan opens its own).</summary>
    public async Task<ModelReport> InspectAsync(IArtifactSource source, CancellationToken cancellationToken) =>
        ModelReport.From(await _inspector.InspectAsync(source, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The problems to report for a source: those of its files, or, for a source that held nothing the engine reads (an
    /// empty folder, a file of a kind it does not know, a folder of tokenizer files), that it held nothing: its verdict
    /// rests on the name alone, which is the user's mistake to hear of.
    /// </summary>
    /// <param name="report">What was read.</param>
    /// <param name="location">The source as the command line named it.</param>
    /// <param name="consequence">What the command did anyway, said after the problem ("only the name was checked").</param>
    public static IReadOnlyList<ArtifactProblem> ProblemsOf(ModelReport report, string location, string? consequence = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var artifacts = report.Artifacts;
        if (artifacts.Problems.Count > 0 || artifacts.FilesRead.Count > 0 || artifacts.Files.Any(f => FactsBuilder.WeightFormatOf(f.Path) is not null))
        {
            return artifacts.Problems;
        }

        // Weights the engine notes by name alone (pickles, TensorFlow) say something; any other file unread says nothing.
        var problem = artifacts.Files.Count == 0 ? "holds no file to read (no config.json, weights or model card)"
            : File.Exists(location) ? "is not a file Dara reads (config.json, README.md, a weight map, *.safetensors, *.gguf or *.onnx)"
            : "holds no file Dara reads (config.json, README.md, a weight map, *.safetensors, *.gguf or *.onnx)";
        return [new ArtifactProblem(location, problem + (consequence is null ? string.Empty : "; " + consequence))];
    }

    public void Dispose()
    {
        _localResolver.Dispose();
        _hubResolver?.Dispose();
    }

    private Task<IArtifactSource> OpenAsync(string location, CancellationToken cancellationToken) =>
        location.StartsWith(HubRepoId.ReferencePrefix, StringComparison.Ordinal)
            ? HubResolver(location).OpenAsync(location, cancellationToken)
            : _localResolver.OpenAsync(location, cancellationToken);

    /// <summary>The resolver for <c>hf:</c> sources, with the Hub settings of the environment, checked once.</summary>
    private ArtifactSourceResolver HubResolver(string location)
    {
        if (_hubResolver is null)
        {
            HubClientOptions options;
            try
            {
                options = HubClientOptions.FromEnvironment();
                options.Validate();
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                throw new ArtifactException(location, HubSettingsProblem(e), e);
            }

            _hubResolver = new ArtifactSourceResolver(options);
        }

        return _hubResolver;
    }

    /// <summary>What is wrong with the Hub settings, naming where they come from.</summary>
    private static string HubSettingsProblem(Exception e) => e switch
    {
        ArgumentException when e.Message.Contains("token", StringComparison.OrdinalIgnoreCase) =>
            "the Hub token (HF_TOKEN, else the file HF_TOKEN_PATH or $HF_HOME/token) must be printable ASCII without spaces",
        ArgumentException => e.Message.TrimEnd('.'),
        UnauthorizedAccessException => "the Hub token file (HF_TOKEN_PATH or $HF_HOME/token) cannot be read: permission denied",
        _ => $"the Hub token file (HF_TOKEN_PATH or $HF_HOME/token) cannot be read: {e.Message.TrimEnd('.')}",
    };
}
