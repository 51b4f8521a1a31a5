namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// An architecture or model brand a name can mention: the config.json <c>model_type</c> it implies, the family that
/// groups near-twins (camembert and roberta, hubert and wav2vec2, dpr and bert), and reference sizes for size checks.
/// </summary>
/// <param name="Id">Vocabulary id (often the model_type itself).</param>
/// <param name="ModelType">The config.json model_type a name token implies (the element's value).</param>
/// <param name="Family">Family id; twins share it.</param>
/// <param name="Display">Human-readable name.</param>
/// <param name="Role">Optional role, e.g. "embedder" for sentence-embedding brands built on another architecture.</param>
/// <param name="Task">The Hub pipeline tag when the architecture exists for one task (marian → translation), else null.</param>
/// <param name="Sizes">Reference shape per size word or parameter token (base, large, 7b), possibly empty.</param>
public sealed record ArchitectureInfo(
    string Id,
    string ModelType,
    string Family,
    string Display,
    string? Role,
    string? Task,
    IReadOnlyDictionary<string, ReferenceSize> Sizes)
{
    /// <summary>
    /// The size a bare name means, where one model made the name famous ("bloom" alone is BigScience's 176B BLOOM);
    /// a key of <see cref="Sizes"/>, or null.
    /// </summary>
    public string? Flagship { get; init; }
}

/// <summary>Reference shape of one size of an architecture (0 where not meaningful, e.g. heads of a CNN).</summary>
public sealed record ReferenceSize(int Layers, int Hidden, int Heads);
