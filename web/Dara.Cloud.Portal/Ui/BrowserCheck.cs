using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Portal.Components.Check;
using Dara.Cloud.Portal.Components.Detail;
using Dara.Cloud.Portal.Uploads;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Portal.Ui;

/// <summary>
/// The check page's work, the same as <c>POST /api/check</c>'s: files dropped in the browser become an
/// <see cref="ArtifactSet"/> under the API's upload limits (a safetensors file sends only its header), and the analysis
/// worker checks the name under the organization's policy. Nothing is registered unless the page asks for it.
/// </summary>
public sealed class BrowserCheck(IOptions<UploadOptions> options)
{
    private readonly UploadOptions _options = options.Value;

    /// <summary>
    /// Reads what the engine needs of each file. A file over its kind's limit, or files over the upload's total, are
    /// an <see cref="ArtifactException"/> naming the file; nothing past a safetensors header is read.
    /// </summary>
    public async Task<ArtifactSet> ReadAsync(IReadOnlyList<CheckFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0 || files.Count > _options.MaxFiles)
        {
            throw new ArtifactException("files", $"give 1 to {_options.MaxFiles} files, not {files.Count}");
        }

        var read = new List<ArtifactFile>(files.Count);
        long kept = 0;
        foreach (var file in files)
        {
            var content = await ReadOneAsync(file, cancellationToken);
            kept += content.LongLength;
            if (kept > _options.MaxKeptBytes)
            {
                throw new ArtifactException(file.Name, $"the files together exceed the {NumberText.Bytes(_options.MaxKeptBytes)} a check takes");
            }

            read.Add(new ArtifactFile(file.Name, file.File.Size, content));
        }

        return ArtifactSet.From(read.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray());
    }

    private async Task<byte[]> ReadOneAsync(CheckFile file, CancellationToken cancellationToken)
    {
        if (file.Kind == CheckFileKind.Safetensors)
        {
            // The browser streams only what is read: the header, never the weights.
            await using var stream = file.File.OpenReadStream(maxAllowedSize: long.MaxValue, cancellationToken);
            return await SafetensorsHead.ReadAsync(stream, file.File.Size, _options.MaxDocumentBytes, file.Name, cancellationToken);
        }

        var cap = file.Kind == CheckFileKind.Onnx ? _options.MaxOnnxBytes : _options.MaxDocumentBytes;
        if (file.File.Size > cap)
        {
            throw new ArtifactException(file.Name, $"{OverLimit(file.File.Size, cap)} limit for this kind of file");
        }

        await using var whole = file.File.OpenReadStream(maxAllowedSize: cap, cancellationToken);
        using var buffer = new MemoryStream((int)file.File.Size);
        await whole.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>
    /// "9.5 MiB is over the 8 MiB": a file a few bytes over its limit rounds to the limit's own figure ("8 MiB is over
    /// the 8 MiB"), so then both are given in bytes.
    /// </summary>
    private static string OverLimit(long size, long limit) =>
        NumberText.Bytes(size) is var rounded && rounded != NumberText.Bytes(limit)
            ? $"{rounded} is over the {NumberText.Bytes(limit)}"
            : $"{NumberText.Grouped(size)} bytes is over the {NumberText.Grouped(limit)}-byte";

    /// <summary>
    /// Checks <paramref name="name"/> against <paramref name="artifacts"/> (or, without them, the Hub model of that name)
    /// under <paramref name="scope"/>'s policy; returns the check document.
    /// </summary>
    public static async Task<CheckDocument> CheckAsync(OrgScope scope, string name, ArtifactSet? artifacts)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var policy = await scope.OrganizationAsync(organization => organization.GetPolicyAsync());
        var request = artifacts is null
            ? new AnalysisRequest(name, policy, HubId: name)
            : new AnalysisRequest(name, policy, artifacts);
        using var _ = TenantContext.Enter(scope.Tenant);
        var outcome = await scope.Grains.GetGrain<IAnalysisWorker>(0).AnalyzeAsync(request);
        return DocumentOf(name, outcome);
    }

    /// <summary>
    /// Adds the model just checked to <paramref name="reviewer"/>'s organization: the dropped
    /// <paramref name="artifacts"/>, or without them the Hub model of that name. Null when <paramref name="name"/> is no
    /// owner/name; a Hub out of reach is a <see cref="ModelSourceUnavailableException"/> and registers nothing.
    /// </summary>
    public static async Task<ModelView?> AddAsync(OrgScope reviewer, string name, ArtifactSet? artifacts)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        var (valid, view) = await reviewer.ModelAsync(
            name,
            model => artifacts is null ? model.RegisterFromHubAsync() : model.SubmitAsync(artifacts),
            register: true);
        return valid ? view : null;
    }

    /// <summary>
    /// The check document of <paramref name="outcome"/>. An outcome whose source (the Hub) could not be reached is no
    /// verdict on the model: its "unreadable, score 0, no findings" would read as a verdict, so it is a
    /// <see cref="ModelSourceUnavailableException"/> saying what happened instead.
    /// </summary>
    public static CheckDocument DocumentOf(string name, AnalysisOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.SourceUnavailable)
        {
            var why = outcome.Problems.Count > 0 ? $": {string.Join("; ", outcome.Problems)}" : string.Empty;
            throw new ModelSourceUnavailableException($"{name} could not be read from the Hugging Face Hub{why}. Try again later, or drop its files.");
        }

        return EngineJson.DeserializeCheckDocument(outcome.Verdict.DocumentJson);
    }
}
