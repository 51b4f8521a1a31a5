using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats;

namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// Reference labels for naming elements in the PTM-Naming format (<c>naming_elements_results.json</c>): a JSON object
/// mapping each repository id to the list of element codes its name carries, e.g. <c>{"google/albert-base-v2": ["A","S","V"]}</c>.
/// </summary>
public static class NamingLabels
{
    /// <summary>Largest labels file read (the paper's file is 0.6 MB).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>Reads a labels file; a missing, oversized or malformed file gives an <see cref="ArtifactException"/> naming it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<ElementCode>> Load(string path) => Read(path, Parse);

    /// <summary>
    /// Opens a labels file at most <see cref="MaxFileBytes"/> long and hands it to <paramref name="parse"/>; a folder, a
    /// missing, oversized or unreadable file gives an <see cref="ArtifactException"/> naming it.
    /// </summary>
    internal static T Read<T>(string path, Func<Stream, string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new ArtifactException(path, "is a folder, not a labels file");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ArtifactException(path, "file not found");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new ArtifactException(path, $"labels file is {info.Length} bytes, more than the {MaxFileBytes} read");
        }

        try
        {
            using var stream = new MemoryStream(CappedFile.ReadAll(path, MaxFileBytes, $"holds more than the {MaxFileBytes} bytes a labels file may have"));
            return parse(stream, path);
        }
        catch (IOException e)
        {
            throw new ArtifactException(path, $"cannot be read ({e.Message})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ArtifactException(path, $"cannot be read ({e.Message})", e);
        }
    }

    /// <summary>Parses a JSON object of name → value, or gives an <see cref="ArtifactException"/> naming <paramref name="source"/>.</summary>
    internal static T ParseObject<T>(Stream stream, string source, string expected, Func<JsonElement, T> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new ArtifactException(source, $"invalid JSON: {MessageText.JsonProblem(e)}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArtifactException(source, $"expected a JSON object of {expected}, found {document.RootElement.ValueKind}");
            }

            try
            {
                return read(document.RootElement);
            }
            catch (InvalidOperationException e)
            {
                // JsonDocument unescapes names and strings only when they are read: an escaped lone surrogate (\ud800) fails here.
                throw new ArtifactException(source, $"is not valid JSON text ({e.Message})", e);
            }
        }
    }

    /// <summary>Parses labels from a stream; <paramref name="source"/> names it in error messages.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<ElementCode>> Parse(Stream stream, string source) =>
        ParseObject(stream, source, "name → codes", root => ReadLabels(root, source));

    private static Dictionary<string, IReadOnlySet<ElementCode>> ReadLabels(JsonElement root, string source)
    {
        var labels = new Dictionary<string, IReadOnlySet<ElementCode>>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                throw new ArtifactException(source, $"labels of {MessageText.Quote(property.Name)} are not a list of codes");
            }

            var codes = new HashSet<ElementCode>();
            foreach (var code in property.Value.EnumerateArray())
            {
                if (code.ValueKind != JsonValueKind.String || !TryCode(code.GetString(), out var parsed))
                {
                    throw new ArtifactException(
                        source, $"{MessageText.Quote(property.Name)} has an unknown element code {MessageText.Quote(code.ValueKind == JsonValueKind.String ? code.GetString()! : code.GetRawText())}");
                }

                codes.Add(parsed);
            }

            labels[property.Name] = codes;
        }

        return labels;
    }

    /// <summary>
    /// The held-out half of a deterministic split by SHA-256 of the name: the vocabularies were tuned by looking at the
    /// other (development) half only, so scores on this half show how the rules carry over to unseen names.
    /// </summary>
    public static bool IsHeldOut(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        return (hash[0] & 1) == 1;
    }

    /// <summary>Whether <paramref name="name"/> belongs to <paramref name="split"/>.</summary>
    public static bool IsIn(string name, NamingSplit split) =>
        split == NamingSplit.All || IsHeldOut(name) == (split == NamingSplit.HeldOut);

    private static bool TryCode(string? text, out ElementCode code)
    {
        code = default;
        return text is { Length: 1 } && char.IsAsciiLetterUpper(text[0]) && Enum.TryParse(text, out code) && Enum.IsDefined(code);
    }
}
