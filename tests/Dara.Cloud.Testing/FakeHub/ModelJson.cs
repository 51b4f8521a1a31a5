using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>Writes models in the Hub's JSON shape (<c>/api/models/{id}</c> and the items of <c>/api/models</c>).</summary>
internal static class ModelJson
{
    public static byte[] Info(FakeHubModel model, bool blobs) =>
        Write(writer => WriteModel(writer, model, siblings: true, blobs));

    public static byte[] List(IEnumerable<FakeHubModel> models, bool full) =>
        Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var model in models)
            {
                WriteModel(writer, model, siblings: full, blobs: false);
            }

            writer.WriteEndArray();
        });

    public static string Date(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static void WriteModel(Utf8JsonWriter writer, FakeHubModel model, bool siblings, bool blobs)
    {
        var card = model.Card;
        writer.WriteStartObject();
        writer.WriteString("_id", Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(model.Id)))[..24]);
        writer.WriteString("id", model.Id);
        writer.WriteString("modelId", model.Id);
        writer.WriteString("author", model.Author);
        writer.WriteString("sha", model.Sha);
        writer.WriteString("lastModified", Date(model.LastModified));
        writer.WriteString("createdAt", Date(model.CreatedAt));
        writer.WriteBoolean("private", false);
        writer.WriteBoolean("disabled", false);
        writer.WriteBoolean("gated", false);
        writer.WriteNumber("downloads", 0);
        writer.WriteNumber("likes", 0);
        if (card.PipelineTag is { } pipelineTag)
        {
            writer.WriteString("pipeline_tag", pipelineTag);
        }

        if (card.LibraryName is { } libraryName)
        {
            writer.WriteString("library_name", libraryName);
        }

        writer.WriteStartArray("tags");
        foreach (var tag in card.Tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        if (card.CardDataJson is { } cardData)
        {
            writer.WritePropertyName("cardData");
            writer.WriteRawValue(cardData);
        }

        if (card.ConfigJson is { } config)
        {
            writer.WritePropertyName("config");
            writer.WriteRawValue(config);
        }

        if (siblings)
        {
            WriteSiblings(writer, model, blobs);
        }

        writer.WriteEndObject();
    }

    private static void WriteSiblings(Utf8JsonWriter writer, FakeHubModel model, bool blobs)
    {
        writer.WriteStartArray("siblings");
        foreach (var file in model.Files)
        {
            writer.WriteStartObject();
            writer.WriteString("rfilename", file.Path);
            if (blobs)
            {
                if (file.HasSize)
                {
                    writer.WriteNumber("size", file.Size);
                }

                if (file.BlobId is { } blobId)
                {
                    writer.WriteString("blobId", blobId);
                }

                if (file.IsLfs && file.LfsSha256 is { } sha256 && file.HasSize)
                {
                    writer.WriteStartObject("lfs");
                    writer.WriteString("sha256", sha256);
                    writer.WriteNumber("size", file.Size);
                    writer.WriteNumber("pointerSize", file.LfsPointer().Length);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
