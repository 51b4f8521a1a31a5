using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Portal.Components.Detail;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Dara.Cloud.Portal.Uploads;

/// <summary>
/// Reads a multipart model upload (field <c>name</c>, files in fields <c>files</c>) section by section as it streams
/// in, never buffering the request: of each file it keeps what the engine reads (<see cref="ArtifactKind"/>) and
/// counts the rest, so a 10 GB safetensors file costs its header's bytes of memory. Every limit of
/// <see cref="UploadOptions"/> is checked as bytes arrive and answered 413 at once.
/// </summary>
/// <remarks>
/// A client that has only a file's head (the CLI sends safetensors and GGUF headers, not weights) gives the full
/// length in the part header <see cref="FileLengthHeader"/>; the file is then recorded with that length.
/// </remarks>
public sealed class ArtifactUploadReader(IOptions<UploadOptions> options)
{
    /// <summary>Part header: the full length of a file whose head alone is sent.</summary>
    public const string FileLengthHeader = "X-File-Length";

    public const string NameField = "name";
    public const string FilesField = "files";

    private const int MaxNameBytes = 1024;
    private const int MaxPathLength = 1024;
    private const int ChunkSize = 81920;

    private readonly UploadOptions _options = options.Value;

    /// <summary>True when the request carries a multipart body this reader can take.</summary>
    public static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    public Task<ArtifactUpload> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new BadUploadException(FilesField, "Send the files as multipart/form-data (with a boundary).");
        }

        // Kestrel's default request limit is for ordinary requests; this endpoint streams, and counts on its own.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = _options.MaxRequestBytes;
        }

        return ReadAsync(request.Body, boundary, cancellationToken);
    }

    /// <summary>Reads a multipart body with the given boundary.</summary>
    public async Task<ArtifactUpload> ReadAsync(Stream body, string boundary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var reader = new MultipartReader(boundary, body)
        {
            HeadersCountLimit = 16,
            HeadersLengthLimit = 16 * 1024,
            // The budget below enforces the request limit with a clear message. The reader's own per-part limit stays
            // as a backstop, one buffer above it: a single read takes a part at most one buffer past the budget, so the
            // budget always speaks first (at exactly the limit, the reader could throw its InvalidDataException first).
            BodyLengthLimit = _options.MaxRequestBytes + buffer.Length,
        };
        var budget = new UploadBudget(_options);
        var files = new Dictionary<string, ArtifactFile>(StringComparer.Ordinal);
        string? name = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw new BadUploadException(FilesField, "Every part needs a Content-Disposition: form-data header.");
                }

                var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (disposition.IsFileDisposition())
                {
                    budget.File();
                    var path = PathOf(disposition);
                    var file = await ReadFileAsync(path, section, budget, buffer, cancellationToken);
                    if (!files.TryAdd(path, file))
                    {
                        throw new BadUploadException(FilesField, $"The file {path} is sent twice.");
                    }
                }
                else if (string.Equals(field, NameField, StringComparison.Ordinal))
                {
                    name = await ReadTextAsync(section.Body, budget, buffer, cancellationToken);
                }
                else if (string.Equals(field, FilesField, StringComparison.Ordinal))
                {
                    // A part of the files field without a file name is no file (IsFileDisposition): say that, not "unknown field".
                    throw new BadUploadException(FilesField, $"A part of '{FilesField}' has no file name: send each file with its path in the model as its file name.");
                }
                else
                {
                    throw new BadUploadException(field ?? FilesField, $"Unknown form field '{field}': send '{NameField}' and files in '{FilesField}'.");
                }
            }
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The multipart reader's word for a body that ends before its closing boundary (or is no multipart at all);
            // its own message guesses at "another component" having read the body, which only misleads a client.
            throw new BadUploadException(FilesField, "The multipart body is malformed: it ends before its closing boundary, or is no multipart body at all. Send every part and the closing boundary.", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (files.Count == 0)
        {
            throw new BadUploadException(FilesField, "No files were sent.");
        }

        if (!files.Keys.Any(ArtifactKinds.IsReadByTheEngine))
        {
            throw new BadUploadException(FilesField, ArtifactKinds.NothingReadable(files.Keys));
        }

        return new ArtifactUpload(name, ArtifactSet.From(WithoutCommonFolder(files.Values).OrderBy(f => f.Path, StringComparer.Ordinal).ToArray()));
    }

    private async Task<ArtifactFile> ReadFileAsync(string path, MultipartSection section, UploadBudget budget, byte[] buffer, CancellationToken ct)
    {
        var declared = DeclaredLength(path, section);
        var body = section.Body;
        var kind = ArtifactKinds.Of(path);

        // Never held past what the upload may still keep: one byte beyond it is enough to refuse the upload (413), where
        // a 100 MiB safetensors header or a second 64 MiB GGUF head was read into memory whole before being refused.
        var room = budget.Room;
        var keep = Math.Min(room + 1, kind switch
        {
            // The engine's first read of a safetensors file is 4 KiB whatever its header length, so at least that is kept.
            ArtifactKind.SafetensorsHeader => SafetensorsHeaderReader.FirstReadLength,
            ArtifactKind.GgufHead => ArtifactKinds.GgufHeadBytes,
            ArtifactKind.Onnx => _options.MaxOnnxBytes,
            ArtifactKind.Document => _options.MaxDocumentBytes,
            _ => ArtifactKinds.OtherKeptBytes,
        });

        using var kept = new MemoryStream();
        var total = await CopyAsync(body, kept, keep, budget, buffer, ct);
        if (kind == ArtifactKind.SafetensorsHeader && kept.Length == SafetensorsHeaderReader.FirstReadLength)
        {
            // The prefix says how long the header is: keep up to its end. A length beyond the format's limit keeps
            // what was read for the engine to call unreadable, and no header is ever allocated up front.
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(kept.GetBuffer().AsSpan(0, SafetensorsHeaderReader.PrefixLength));
            if (headerLength <= SafetensorsHeaderReader.MaxHeaderLength && SafetensorsHeaderReader.PrefixLength + (long)headerLength > kept.Length)
            {
                var end = Math.Min(SafetensorsHeaderReader.PrefixLength + (long)headerLength, room + 1);
                total += await CopyAsync(body, kept, end - kept.Length, budget, buffer, ct);
            }
        }

        if (kind != ArtifactKind.Other && kept.Length > room)
        {
            budget.Kept(path, kept.Length);
        }

        if (kind is ArtifactKind.Onnx or ArtifactKind.Document)
        {
            // Kept whole or not at all: one byte past the cap ends the upload, without reading the rest.
            if (await body.ReadAsync(buffer.AsMemory(0, 1), ct) > 0)
            {
                var (what, cap) = kind == ArtifactKind.Onnx ? ("ONNX graphs", _options.MaxOnnxBytes) : ("documents", _options.MaxDocumentBytes);
                throw new UploadTooLargeException($"{path} is larger than the {NumberText.Bytes(cap)} limit for {what}.");
            }
        }
        else
        {
            total += await DrainAsync(body, budget, buffer, ct);
        }

        // A large file of a kind the engine does not read is recorded by its length alone.
        var content = kind == ArtifactKind.Other && total > kept.Length ? [] : kept.ToArray();
        budget.Kept(path, content.Length);
        if (declared is { } length && length < total)
        {
            throw new BadUploadException(FilesField, $"{path}: {FileLengthHeader} says {length} bytes but {total} were sent.");
        }

        return new ArtifactFile(path, declared ?? total, content);
    }

    /// <summary>Copies up to <paramref name="limit"/> bytes into <paramref name="kept"/>; returns how many were copied.</summary>
    private static async Task<long> CopyAsync(Stream body, MemoryStream kept, long limit, UploadBudget budget, byte[] buffer, CancellationToken ct)
    {
        long read = 0;
        while (read < limit)
        {
            var n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - read)), ct);
            if (n == 0)
            {
                break;
            }

            budget.Received(n);
            kept.Write(buffer, 0, n);
            read += n;
        }

        return read;
    }

    private static async Task<long> DrainAsync(Stream body, UploadBudget budget, byte[] buffer, CancellationToken ct)
    {
        long drained = 0;
        int n;
        while ((n = await body.ReadAsync(buffer, ct)) > 0)
        {
            budget.Received(n);
            drained += n;
        }

        return drained;
    }

    private static async Task<string> ReadTextAsync(Stream body, UploadBudget budget, byte[] buffer, CancellationToken ct)
    {
        using var text = new MemoryStream();
        await CopyAsync(body, text, MaxNameBytes, budget, buffer, ct);
        if (await body.ReadAsync(buffer.AsMemory(0, 1), ct) > 0)
        {
            throw new BadUploadException(NameField, $"The name is longer than {MaxNameBytes} bytes.");
        }

        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length).Trim();
    }

    private static long? DeclaredLength(string path, MultipartSection section)
    {
        if (section.Headers?.TryGetValue(FileLengthHeader, out var value) != true)
        {
            return null;
        }

        return long.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            ? length
            : throw new BadUploadException(FilesField, $"{path}: {FileLengthHeader} must be a byte count.");
    }

    /// <summary>The file's path inside the model: relative, '/'-separated, staying inside the model folder.</summary>
    private static string PathOf(ContentDispositionHeaderValue disposition)
    {
        var path = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
        string? problem = path switch
        {
            null or "" => "has no file name",
            { Length: > MaxPathLength } => $"has a path longer than {MaxPathLength} characters",
            _ when path.Any(char.IsControl) => "has a control character in its path",
            _ when path.Contains('\\') => "uses '\\' in its path; model paths use '/'",
            _ when path.StartsWith('/') || (path.Length >= 2 && path[1] == ':') => "has an absolute path; paths are relative to the model folder",
            _ when path.Split('/').Any(s => s is "" or "." or "..") => "has an empty, '.' or '..' segment in its path",
            _ => null,
        };
        return problem is null ? path! : throw new BadUploadException(FilesField, $"The file '{path}' {problem}.");
    }

    /// <summary>A browser's folder upload names every file under the folder ("bert/config.json"): drop that folder.</summary>
    private static IEnumerable<ArtifactFile> WithoutCommonFolder(ICollection<ArtifactFile> files)
    {
        var first = files.First().Path;
        var slash = first.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return files;
        }

        var prefix = first[..(slash + 1)];
        return files.All(f => f.Path.StartsWith(prefix, StringComparison.Ordinal))
            ? files.Select(f => f with { Path = f.Path[prefix.Length..] })
            : files;
    }
}
