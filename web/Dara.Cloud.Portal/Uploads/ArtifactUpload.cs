namespace Dara.Cloud.Portal.Uploads;

/// <summary>What a multipart upload carried: the <c>name</c> field (if sent) and the files, cut to what the engine reads.</summary>
public sealed record ArtifactUpload(string? Name, ArtifactSet Artifacts);
