namespace Dara.Cloud.Analysis.Naming;

/// <summary>How far the parser has got with a <see cref="PendingElement"/>.</summary>
internal enum PendingKind : byte
{
    /// <summary>Its code is decided (the neighbour rules may still revise it).</summary>
    Known,

    /// <summary>A bare number: its neighbours decide what it is (resnet-50, en-2-zh, 224).</summary>
    Number,

    /// <summary>A word the vocabulary does not know: "other" unless a rule names it.</summary>
    Unknown,

    /// <summary>Absorbed into a neighbour; not emitted.</summary>
    Dropped,
}

/// <summary>
/// An element being built: the token readers make it, the <see cref="NeighbourRules"/> may still change it, and
/// <see cref="NameParser"/> emits it as a <see cref="NamingElement"/>.
/// </summary>
internal readonly record struct PendingElement(
    ElementCode Code,
    int Start,
    int Length,
    string? Value,
    string? Language,
    string? ArchitectureId,
    PendingKind Kind)
{
    public static PendingElement Known(ElementCode code, int start, int length, string? value) =>
        new(code, start, length, value, null, null, PendingKind.Known);

    public static PendingElement Number(int start, int length) => new(ElementCode.O, start, length, null, null, null, PendingKind.Number);

    public static PendingElement Unknown(int start, int length) => new(ElementCode.O, start, length, null, null, null, PendingKind.Unknown);

    /// <summary>A vocabulary entry read at <paramref name="start"/>: its code, value, language and architecture.</summary>
    public static PendingElement Of(VocabularyEntry entry, int start, int length) =>
        new(entry.Code, start, length, entry.Value, entry.Language, entry.ArchitectureId, PendingKind.Known);
}
