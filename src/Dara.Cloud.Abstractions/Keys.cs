using System.Text.RegularExpressions;

namespace Dara.Cloud;

/// <summary>
/// An organization (tenant) id: 1–40 characters of lower-case letters, digits and inner dashes. Grain keys start
/// with it, so every grain belongs to exactly one tenant and the call filter can tell which.
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.tenant-id")]
public readonly partial record struct TenantId
{
    [Id(0)]
    public string Value { get; }

    public TenantId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"'{value}' is not an organization id: use 1-40 lower-case letters, digits and dashes (not starting or ending with a dash).", nameof(value));
        }

        Value = value;
    }

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    public static bool TryParse(string? value, out TenantId tenant)
    {
        tenant = IsValid(value) ? new TenantId(value!) : default;
        return tenant.Value is not null;
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>A model within a tenant: <c>tenant/owner/name</c> is its grain key.</summary>
[GenerateSerializer, Immutable, Alias("dara.model-key")]
public readonly partial record struct ModelKey
{
    [Id(0)]
    public TenantId Tenant { get; }

    [Id(1)]
    public string Owner { get; }

    [Id(2)]
    public string Name { get; }

    public ModelKey(TenantId tenant, string owner, string name)
    {
        if (!IsPart(owner) || !IsPart(name))
        {
            throw new ArgumentException($"'{owner}/{name}' is not a model id: owner/name, each 1-96 of letters, digits, '-', '_' and '.'.");
        }

        Tenant = tenant;
        Owner = owner;
        Name = name;
    }

    /// <summary><c>owner/name</c>, the model's id as the Hub writes it.</summary>
    public string RepoId => $"{Owner}/{Name}";

    /// <summary>The grain key.</summary>
    public string GrainKey => $"{Tenant.Value}/{Owner}/{Name}";

    public static ModelKey Parse(TenantId tenant, string repoId)
    {
        var slash = repoId.IndexOf('/');
        if (slash <= 0 || slash != repoId.LastIndexOf('/'))
        {
            throw new ArgumentException($"'{repoId}' is not a model id: expected owner/name.", nameof(repoId));
        }

        return new ModelKey(tenant, repoId[..slash], repoId[(slash + 1)..]);
    }

    public static bool TryParse(TenantId tenant, string? repoId, out ModelKey key)
    {
        key = default;
        if (repoId is null)
        {
            return false;
        }

        var slash = repoId.IndexOf('/');
        if (slash <= 0 || slash != repoId.LastIndexOf('/') || !IsPart(repoId[..slash]) || !IsPart(repoId[(slash + 1)..]))
        {
            return false;
        }

        key = new ModelKey(tenant, repoId[..slash], repoId[(slash + 1)..]);
        return true;
    }

    /// <summary>Parses a grain key back (tenant/owner/name).</summary>
    public static ModelKey FromGrainKey(string grainKey)
    {
        var first = grainKey.IndexOf('/');
        return Parse(new TenantId(grainKey[..first]), grainKey[(first + 1)..]);
    }

    /// <summary>The tenant a grain key belongs to: its first '/'-segment.</summary>
    public static string TenantOf(string grainKey)
    {
        var slash = grainKey.IndexOf('/');
        return slash < 0 ? grainKey : grainKey[..slash];
    }

    public override string ToString() => GrainKey;

    private static bool IsPart(string? part) => part is not null && Part().IsMatch(part) && !part.Contains("--", StringComparison.Ordinal) && !part.Contains("..", StringComparison.Ordinal);

    // The Hub's repo id rules (formats.md §4.6), with an explicit ASCII class.
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?$|^[A-Za-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
