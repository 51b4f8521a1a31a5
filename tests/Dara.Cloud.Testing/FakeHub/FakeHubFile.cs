using System.Security.Cryptography;
using System.Text;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>
/// One file of a fake Hub model. Its bytes come from memory or are read in place from disk (the real data is never
/// copied); a file may also be listed without bytes, as the Git LFS weights of the real-data snapshots are.
/// </summary>
public sealed class FakeHubFile
{
    /// <summary>Extensions the Hub's default <c>.gitattributes</c> stores in Git LFS.</summary>
    private static readonly HashSet<string> s_lfsExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".safetensors", ".bin", ".gguf", ".onnx", ".pt", ".pth", ".ckpt", ".h5", ".msgpack", ".ot", ".pb", ".tflite", ".npz",
    };

    private readonly byte[]? _bytes;
    private readonly string? _diskPath;
    private readonly Lazy<string?> _lfsSha256;
    private readonly Lazy<string?> _gitBlobSha1;

    private FakeHubFile(string path, long size, byte[]? bytes, string? diskPath, bool isLfs, string? lfsSha256)
    {
        Path = path;
        Size = size;
        _bytes = bytes;
        _diskPath = diskPath;
        IsLfs = isLfs;
        _lfsSha256 = new Lazy<string?>(() => lfsSha256 ?? (isLfs && HasContent ? ContentSha256() : null));
        _gitBlobSha1 = new Lazy<string?>(() => isLfs
            ? LfsSha256 is null ? null : GitBlobSha1(LfsPointer())
            : HasContent ? GitBlobSha1(ReadAll()) : null);
    }

    /// <summary>Path in the repository, '/'-separated.</summary>
    public string Path { get; }

    /// <summary>Size of the content (the real size for LFS files).</summary>
    public long Size { get; }

    /// <summary>Whether the Hub would store it in Git LFS (and list <c>lfs</c> with its SHA-256).</summary>
    public bool IsLfs { get; }

    /// <summary>Whether <c>resolve</c> can serve its bytes.</summary>
    public bool HasContent => _bytes is not null || _diskPath is not null;

    /// <summary>SHA-256 of the content for LFS files.</summary>
    public string? LfsSha256 => _lfsSha256.Value;

    /// <summary>The git blob id (SHA-1 of <c>"blob {len}\0"</c> + bytes; for LFS files, of the pointer), when known.</summary>
    public string? BlobId => _gitBlobSha1.Value;

    /// <summary>The ETag <c>resolve</c> sends: the SHA-256 for LFS files, else the git blob id (as the Hub does).</summary>
    public string? ETag => IsLfs ? LfsSha256 : BlobId;

    /// <summary>A file held in memory; LFS when its extension is one the Hub keeps in LFS, unless <paramref name="lfs"/> says otherwise.</summary>
    public static FakeHubFile FromBytes(string path, byte[] bytes, bool? lfs = null) =>
        new(path, bytes.Length, bytes, null, lfs ?? IsLfsByDefault(path), null);

    /// <summary>A file served from its place on disk, read on each request.</summary>
    public static FakeHubFile FromDisk(string path, string diskPath, bool? lfs = null) =>
        new(path, new FileInfo(diskPath).Length, null, diskPath, lfs ?? IsLfsByDefault(path), null);

    /// <summary>A file that is listed (with size and, for LFS, hash) but whose bytes cannot be downloaded.</summary>
    public static FakeHubFile ListedOnly(string path, long? size, string? lfsSha256 = null) =>
        new(path, size ?? -1, null, null, lfsSha256 is not null, lfsSha256);

    /// <summary>Whether the size is known (files listed without bytes may have none).</summary>
    public bool HasSize => Size >= 0;

    /// <summary>Opens the content; only for files with <see cref="HasContent"/>.</summary>
    public Stream OpenContent() =>
        _bytes is not null
            ? new MemoryStream(_bytes, writable: false)
            : File.OpenRead(_diskPath ?? throw new InvalidOperationException($"{Path} has no content."));

    /// <summary>The Git LFS pointer the repository holds in place of an LFS file's content (what <c>/raw/</c> serves).</summary>
    public byte[] LfsPointer() =>
        Encoding.ASCII.GetBytes($"version https://git-lfs.github.com/spec/v1\noid sha256:{LfsSha256}\nsize {Size}\n");

    internal static bool IsLfsByDefault(string path) => s_lfsExtensions.Contains(System.IO.Path.GetExtension(path));

    private string ContentSha256()
    {
        using var stream = OpenContent();
        return Hex(SHA256.HashData(stream));
    }

    private byte[] ReadAll()
    {
        using var stream = OpenContent();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string GitBlobSha1(byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        return Hex(SHA1.HashData([.. header, .. content]));
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
