using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Dara.Cloud.Portal.Uploads;

/// <summary>Builds <see cref="ArtifactSet"/>s with their content hash.</summary>
public static class ArtifactSets
{
    /// <summary>
    /// The files in path order and a SHA-256 over each file's path, full length and kept bytes: the same files give the
    /// same hash whatever order they were sent in, and any change of a header, a document or a weight file's length
    /// gives another (weights past their header are not kept, so their length stands for them).
    /// </summary>
    public static ArtifactSet Create(IEnumerable<ArtifactFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        foreach (var file in ordered)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Path));
            hash.AppendData([0]);
            BinaryPrimitives.WriteInt64LittleEndian(number, file.Length);
            hash.AppendData(number);
            BinaryPrimitives.WriteInt64LittleEndian(number, file.Content.LongLength);
            hash.AppendData(number);
            hash.AppendData(file.Content);
        }

        return new ArtifactSet(ordered, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
