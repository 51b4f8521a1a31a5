namespace Dara.Cloud.Grains.Organizations;

/// <summary>
/// What an API key may do: it borrows the rights of the member who created it (for a key created with a key, that
/// key's creator), so it never acts above that member's current role and stops when they leave. Otherwise an owner's
/// key would keep owner rights after its creator was demoted or removed, and could mint owner keys that outlive it.
/// </summary>
internal static class ApiKeyAuthority
{
    /// <summary>
    /// The role <paramref name="key"/> grants now: the lesser of its own and its creator's current role; null when it is
    /// revoked or its creator is no longer a member.
    /// </summary>
    /// <remarks>
    /// Keys created before creators were recorded keep their own role. Refusing them would break every CI job using one
    /// the moment this version is deployed, with no warning to the owners, and nothing says who created them, so they
    /// cannot be tied to anyone's role. They are listed as "creator unknown" for an owner to revoke and replace, and
    /// they create no keys (<see cref="Resolve"/>), so the gap ends with them instead of passing on to new keys.
    /// </remarks>
    public static OrgRole? EffectiveRole(ApiKeyInfo key, Func<string, Member?> memberOf)
    {
        if (key.Revoked)
        {
            return null;
        }

        if (key.CreatedBy is not { } creator)
        {
            return key.Role;
        }

        return memberOf(creator) is { } member ? Lesser(key.Role, member.Role) : null;
    }

    /// <summary>
    /// Whom a key asked for by <paramref name="by"/> acts for, the key that created it (if one did), and the highest role
    /// it may have; <see cref="RoleTooLowException"/> when <paramref name="by"/> may create no key at all.
    /// </summary>
    public static (string CreatedBy, string? CreatedWithKey, OrgRole MaxRole) Resolve(
        ApiKeyCreator by, IReadOnlyList<ApiKeyRecord> keys, Func<string, Member?> memberOf)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (by.KeyId is { } keyId)
        {
            var key = keys.FirstOrDefault(k => k.Info.Id == keyId)?.Info;
            if (key is null || key.Revoked)
            {
                throw new RoleTooLowException($"The API key {keyId} is unknown or revoked: it creates no keys.");
            }

            if (key.CreatedBy is null)
            {
                throw new RoleTooLowException(
                    $"The API key {key.Name} was created before keys recorded their creator: it creates no keys. Have an owner replace it.");
            }

            return EffectiveRole(key, memberOf) is { } role
                ? (key.CreatedBy, key.Id, role)
                : throw new RoleTooLowException($"The member who created the API key {key.Name} is no longer in the organization.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(by.UserId);
        return memberOf(by.UserId) is { } member
            ? (member.UserId, null, member.Role)
            : throw new RoleTooLowException($"{by.UserId} is not a member of the organization.");
    }

    /// <summary>
    /// <paramref name="keys"/> with <paramref name="keyId"/> and every live key created with it, directly or through
    /// others, revoked: a key minted with a key that had to be revoked (leaked, say) is no more trustworthy than it.
    /// </summary>
    public static IReadOnlyList<ApiKeyRecord> RevokeWithDescendants(IReadOnlyList<ApiKeyRecord> keys, string keyId, DateTimeOffset at, string revokedBy)
    {
        var revoking = new HashSet<string>(StringComparer.Ordinal) { keyId };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var key in keys)
            {
                if (!key.Info.Revoked && key.Info.CreatedWithKey is { } parent && revoking.Contains(parent) && revoking.Add(key.Info.Id))
                {
                    grew = true;
                }
            }
        }

        return keys
            .Select(k => revoking.Contains(k.Info.Id) && !k.Info.Revoked
                ? k with { Info = k.Info with { Revoked = true, RevokedAt = at, RevokedBy = revokedBy } }
                : k)
            .ToArray();
    }

    private static OrgRole Lesser(OrgRole a, OrgRole b) => a < b ? a : b;
}
