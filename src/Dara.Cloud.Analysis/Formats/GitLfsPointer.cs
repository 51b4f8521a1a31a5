using System.Text;

namespace Dara.Cloud.Analysis.Formats;

/// <summary>
/// A Git LFS pointer file ("version https://git-lfs.github.com/spec/v1 / oid sha256:… / size …"): what a clone
/// without LFS holds in place of a large file. Its presence says the real file exists and how big it is.
/// </summary>
public sealed record GitLfsPointer(string Sha256, long Size)
{
    private static readonly byte[] Prefix = "version https://git-lfs.github.com/spec/"u8.ToArray();

    /// <summary>Pointer files are tiny; anything bigger is real content.</summary>
    public const int MaxPointerLength = 1024;

    /// <summary>True when <paramref name="bytes"/> start like an LFS pointer (cheap test before parsing).</summary>
    public static bool LooksLikePointer(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= MaxPointerLength && bytes.StartsWith(Prefix);

    /// <summary>Parses a pointer; null when the bytes are not one.</summary>
    public static GitLfsPointer? TryParse(ReadOnlySpan<byte> bytes)
    {
        if (!LooksLikePointer(bytes))
        {
            return null;
        }

        string? sha = null;
        long? size = null;
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("oid sha256:", StringComparison.Ordinal))
            {
                sha = line["oid sha256:".Length..];
            }
            else if (line.StartsWith("size ", StringComparison.Ordinal) && long.TryParse(line["size ".Length..], out var s) && s >= 0)
            {
                size = s;
            }
        }

        return sha is not null && size is not null ? new GitLfsPointer(sha, size.Value) : null;
    }
}
