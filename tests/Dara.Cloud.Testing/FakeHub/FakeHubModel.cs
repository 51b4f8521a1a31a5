using System.Security.Cryptography;
using System.Text;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>
/// One model as the fake Hub serves it: an immutable commit. Every change makes a new instance with a new
/// <see cref="Sha"/> and a later <see cref="LastModified"/>, like a push to the real Hub.
/// </summary>
public sealed class FakeHubModel
{
    private readonly Lazy<ModelCardSummary> _card;

    internal FakeHubModel(string id, IEnumerable<FakeHubFile> files, DateTimeOffset createdAt, DateTimeOffset lastModified, int version)
    {
        if (id.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw new ArgumentException($"A fake Hub model id is owner/name, not '{id}'.", nameof(id));
        }

        Id = id;
        Files = files.OrderBy(file => file.Path, StringComparer.Ordinal).ToList();
        if (Files.Select(file => file.Path).Distinct(StringComparer.Ordinal).Count() != Files.Count)
        {
            throw new ArgumentException($"Model {id} lists a path twice.", nameof(files));
        }

        CreatedAt = createdAt;
        LastModified = lastModified;
        Version = version;
        Sha = ComputeSha(id, version, Files);
        _card = new Lazy<ModelCardSummary>(() => ModelCardSummary.Read(this));
    }

    /// <summary><c>owner/name</c>.</summary>
    public string Id { get; }

    public string Author => Id[..Id.IndexOf('/', StringComparison.Ordinal)];

    public IReadOnlyList<FakeHubFile> Files { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset LastModified { get; }

    /// <summary>Counts commits: 1 for the first.</summary>
    public int Version { get; }

    /// <summary>The commit id: SHA-1 of the id, version and file list, so it is stable across runs and changes on every commit.</summary>
    public string Sha { get; }

    internal ModelCardSummary Card => _card.Value;

    public FakeHubFile? FindFile(string path) => Files.FirstOrDefault(file => file.Path == path);

    internal FakeHubModel WithFiles(IEnumerable<FakeHubFile> files, DateTimeOffset lastModified) =>
        new(Id, files, CreatedAt, lastModified, Version + 1);

    private static string ComputeSha(string id, int version, IEnumerable<FakeHubFile> files)
    {
        var listing = new StringBuilder(id).Append('\n').Append(version).Append('\n');
        foreach (var file in files)
        {
            listing.Append(file.Path).Append('\t').Append(file.Size).Append('\t').Append(file.IsLfs ? file.LfsSha256 : "").Append('\n');
        }

        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(listing.ToString())));
    }
}
