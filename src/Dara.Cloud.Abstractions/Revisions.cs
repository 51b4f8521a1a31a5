namespace Dara.Cloud;

/// <summary>
/// A condition on a change (HTTP's <c>If-Match</c>): make it only while the thing changed is still at one of
/// <see cref="Revisions"/>, the revision the caller read. Without one a change is unconditional (last writer wins).
/// The grain compares it in the same turn as the change, so two callers, or two silos, cannot both pass it.
/// </summary>
/// <param name="Revisions">The revisions the caller accepts; empty matches nothing (an ETag this service never issued).</param>
[GenerateSerializer, Immutable, Alias("dara.if-revision")]
public sealed record IfRevision(IReadOnlyList<long> Revisions)
{
    public static IfRevision Is(long revision) => new([revision]);

    public bool Matches(long current) => Revisions.Contains(current);

    /// <summary>Throws <see cref="StaleRevisionException"/> unless <paramref name="condition"/> is absent or matches <paramref name="current"/>.</summary>
    public static void Check(IfRevision? condition, long current, string what)
    {
        if (condition is not null && !condition.Matches(current))
        {
            throw new StaleRevisionException($"{what} was changed by someone else meanwhile (it is now at revision {current}); nothing was changed.", current);
        }
    }
}

/// <summary>An organization's naming policy and its revision (its ETag), which every accepted change moves on by one.</summary>
[GenerateSerializer, Immutable, Alias("dara.versioned-policy")]
public sealed record VersionedPolicy(PolicyRecord Policy, long Revision);

/// <summary>A conditional change (<see cref="IfRevision"/>) found the thing at another revision; nothing was changed.</summary>
[GenerateSerializer, Alias("dara.stale-revision")]
public sealed class StaleRevisionException : Exception
{
    public StaleRevisionException()
    {
    }

    public StaleRevisionException(string message)
        : base(message)
    {
    }

    public StaleRevisionException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StaleRevisionException(string message, long currentRevision)
        : base(message)
    {
        CurrentRevision = currentRevision;
    }

    /// <summary>The revision the thing is at now (the ETag a caller should read again).</summary>
    [Id(0)]
    public long CurrentRevision { get; private set; }
}
