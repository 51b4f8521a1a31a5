using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Cli.Remote;

namespace Dara.Cloud.Cli.Inspection;

/// <summary>Opens what a command line names (folder, file, cache, <c>hf:owner/name</c>) and reads it into a report.</summary>
internal sealed class SourceInspector : IDisposable
{
    private readonly ArtifactSourceResolver _resolver = new(HubClientOptions.FromEnvironment());
    private readonly ModelInspector _inspector = new();

    /// <summary>The report and the name the model goes by; throws <see cref="ArtifactException"/> when the source cannot be opened.</summary>
    public async Task<(ModelReport Report, string Name)> InspectAsync(string location, CancellationToken cancellationToken)
    {
        await using var source = await _resolver.OpenAsync(location, cancellationToken).ConfigureAwait(false);
        var artifacts = await _inspector.InspectAsync(source, cancellationToken).ConfigureAwait(false);
        return (ModelReport.From(artifacts), ModelIdentity.NameOf(source, location));
    }

    /// <summary>What to upload of a source for a check through the service, and the name the model goes by.</summary>
    public async Task<(IReadOnlyList<UploadFile> Files, string Name)> ReadForUploadAsync(string location, CancellationToken cancellationToken)
    {
        await using var source = await _resolver.OpenAsync(location, cancellationToken).ConfigureAwait(false);
        return (await UploadPlan.ForAsync(source, cancellationToken).ConfigureAwait(false), ModelIdentity.NameOf(source, location));
    }

    /// <summary>Reads an already-open source (scan opens its own).</summary>
    public async Task<ModelReport> InspectAsync(IArtifactSource source, CancellationToken cancellationToken) =>
        ModelReport.From(await _inspector.InspectAsync(source, cancellationToken).ConfigureAwait(false));

    public void Dispose() => _resolver.Dispose();
}
