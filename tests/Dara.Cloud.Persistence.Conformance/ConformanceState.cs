namespace Dara.Cloud.Persistence.Conformance;

/// <summary>The state the conformance cases write: small by default, <see cref="Notes"/> makes it as large as a case needs.</summary>
[GenerateSerializer, Immutable, Alias("Dara.Cloud.Persistence.Conformance.ConformanceState")]
public sealed record ConformanceState(
    [property: Id(0)] string Name,
    [property: Id(1)] int Version,
    [property: Id(2)] string Notes)
{
    /// <summary>The state of a grain that has never been written.</summary>
    public ConformanceState()
        : this(string.Empty, 0, string.Empty)
    {
    }
}
