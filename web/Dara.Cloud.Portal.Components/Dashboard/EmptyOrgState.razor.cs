using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>What a new organization sees instead of a dashboard: the four ways to add models, each one step away.</summary>
public partial class EmptyOrgState
{
    /// <summary>The portal's address, for the CLI command shown (<c>dara check --server</c>).</summary>
    [Parameter]
    public string? ServerUrl { get; set; }

    [Parameter]
    public EventCallback OnUpload { get; set; }

    [Parameter]
    public EventCallback OnRegisterFromHub { get; set; }

    [Parameter]
    public EventCallback OnWatchAuthors { get; set; }

    /// <summary>The command shown for the shell or CI.</summary>
    public string CliCommand => $"dara check ./my-model --name my-org/my-model --server {ServerUrl ?? "https://dara.example.com"}";
}
