namespace Dara.Cloud.Grains.Organizations;

/// <summary>
/// Revoked keys are kept so owners can see what was revoked, when and by whom; but only the latest ones, because a
/// script that creates and revokes keys in a loop would otherwise grow the organization's state (read and written
/// whole on every change) without bound. Live keys are never dropped.
/// </summary>
internal static class ApiKeyRetention
{
    public static IReadOnlyList<ApiKeyRecord> KeepLatestRevoked(IReadOnlyList<ApiKeyRecord> keys, int maxRevoked)
    {
        var revoked = keys.Where(k => k.Info.Revoked).ToArray();
        if (revoked.Length <= maxRevoked)
        {
            return keys;
        }

        // Keys revoked before the time was recorded count as the oldest.
        var dropped = revoked
            .OrderBy(k => k.Info.RevokedAt ?? DateTimeOffset.MinValue)
            .ThenBy(k => k.Info.CreatedAt)
            .Take(revoked.Length - maxRevoked)
            .ToHashSet();
        return keys.Where(k => !dropped.Contains(k)).ToArray();
    }
}
