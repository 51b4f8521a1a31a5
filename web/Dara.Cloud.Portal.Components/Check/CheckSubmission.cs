using Microsoft.AspNetCore.Components.Forms;

namespace Dara.Cloud.Portal.Components.Check;

/// <summary>What the user asked to check: dropped files (each with its kind), a Hub id or name, or both.</summary>
/// <param name="Files">The accepted files, in the order dropped; a later file of the same name replaced the earlier.</param>
/// <param name="RepoId">owner/name: the name to check (and, without files, the Hub model to read); null when not given.</param>
public sealed record CheckSubmission(IReadOnlyList<CheckFile> Files, string? RepoId);

/// <summary>A dropped file and what it is. For <see cref="CheckFileKind.Safetensors"/> send only <see cref="SafetensorsHead"/>.</summary>
public sealed record CheckFile(IBrowserFile File, CheckFileKind Kind)
{
    public string Name => File.Name;
}
