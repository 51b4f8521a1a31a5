using System.Text.Json.Serialization;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>The overall answer for a name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    /// <summary>No warning or error.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>Warnings only.</summary>
    [JsonStringEnumMemberName("suspicious")]
    Suspicious,

    /// <summary>At least one error: the name says something the artifacts contradict.</summary>
    [JsonStringEnumMemberName("misnamed")]
    Misnamed,

    /// <summary>The artifacts could not be read, so nothing could be checked against them.</summary>
    [JsonStringEnumMemberName("unreadable")]
    Unreadable,
}
