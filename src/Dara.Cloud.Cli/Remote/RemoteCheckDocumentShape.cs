namespace Dara.Cloud.Cli.Remote;

/// <summary>
/// Whether a <see cref="RemoteCheckDocument"/> read from a server has every part the verdict is shown from. JSON with a
/// part missing or null (<c>{}</c>, <c>"findings": [null]</c>) deserializes without complaint, and showing it then
/// failed as an internal error.
/// </summary>
internal static class RemoteCheckDocumentShape
{
    /// <summary>The first part that is missing, as the JSON names it; null when the document is whole.</summary>
    public static string? Missing(RemoteCheckDocument document) =>
        document.Name is null ? "\"name\""
        : document.Elements is null || document.Elements.Any(e => e?.Code is null || e.Text is null || e.Value is null) ? "\"elements\" (each with code, text and value)"
        : document.Findings is null || document.Findings.Any(f => f?.Code is null || f.Evidence is null || f.Message is null) ? "\"findings\" (each with code, evidence and message)"
        : document.SuggestedName is null ? "\"suggested_name\""
        : document.Skipped is null || document.Skipped.Any(s => s is null) ? "\"skipped\""
        : document.Problems is null || document.Problems.Any(p => p?.File is null || p.Problem is null) ? "\"problems\" (each with file and problem)"
        : document.Prediction is { } prediction && (prediction.ModelType is null || prediction.Arch is null || prediction.Task is null || prediction.Families is null
            || new[] { prediction.ModelType, prediction.Arch, prediction.Task, prediction.Families }.Any(labels => labels.Any(l => l?.Label is null)))
            ? "\"prediction\" (model_type, arch, task and families, each a list of labels)"
        : null;
}
