using System.Text.Json.Serialization;

namespace Dara.Cloud.Persistence.Cosmos;

/// <summary>
/// One grain state as stored in the container. The state travels as the serializer's bytes (base64 in JSON)
/// rather than as embedded JSON, because Cosmos DB keeps numbers as doubles and would round 64-bit integers.
/// </summary>
internal sealed record CosmosStateDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("pk")] string PartitionKey,
    [property: JsonPropertyName("stateName")] string StateName,
    [property: JsonPropertyName("grainId")] string GrainId,
    [property: JsonPropertyName("payload")] byte[] Payload);

[JsonSerializable(typeof(CosmosStateDocument))]
internal sealed partial class CosmosStateDocumentJson : JsonSerializerContext;
