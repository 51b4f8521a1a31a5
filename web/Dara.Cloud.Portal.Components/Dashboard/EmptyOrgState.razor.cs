using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>What a new organization sees instead of a dashboard: the four ways to add models, each one step away.</summary>
public partial class EmptyOrgState
{
    /// <summary>The portal's address, for the CLI command shown (<c>dara check --server</c>).</summary>
    [Parameter]
    public string? ServerUrl { get; set; }

    /// <summary>The organization's id, which owns the models the command sends.</summary>
    [Parameter]
    public string? Organization { get; set; }

    [Parameter]
    public EventCallback OnUpload { get; set; }

    [Parameter]
    public EventCallback OnRegisterFromHub { get; set; }

    [Parameter]
    public EventCallback OnWatchAuthors { get; set; }

    /// <summary>
    /// The commands shown for the shell or CI: the API key names the organization (one made under Settings), and
    /// --register keeps the verdict here, under the organization's id.
    /// </summary>
    public string CliCommand =>
        $"export DARA_API_KEY=<a key from Settings>\ndara check ./my-model --name {Organization ?? "my-org"}/my-model --server {ServerUrl ?? "https://dara.example.com"} --register";
}
