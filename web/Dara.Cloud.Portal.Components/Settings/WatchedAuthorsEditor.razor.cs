using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>The Hub authors an organization watches: add (validated as a Hub owner name), remove; the whole new list goes out.</summary>
public partial class WatchedAuthorsEditor
{
    private static readonly TenantId PlaceholderTenant = new("watch");
    private string? _newAuthor;

    /// <summary>The watched authors; null while loading.</summary>
    [Parameter]
    public IReadOnlyList<string>? Authors { get; set; }

    [Parameter]
    public bool CanEdit { get; set; }

    /// <summary>Raised with the full new list after each addition or removal (what the organization grain stores).</summary>
    [Parameter]
    public EventCallback<IReadOnlyList<string>> AuthorsChanged { get; set; }

    private string? NewAuthorText => string.IsNullOrWhiteSpace(_newAuthor) ? null : _newAuthor.Trim();

    private string? NewAuthorError => NewAuthorText switch
    {
        null => null,
        // ModelKey holds the Hub's owner rules; the tenant and the name are placeholders so they can be reused here.
        var text when !ModelKey.TryParse(PlaceholderTenant, text + "/model", out _) => "A Hub author: letters, digits, '-', '_' and '.'",
        var text when Authors?.Contains(text, StringComparer.OrdinalIgnoreCase) == true => "Already watched",
        _ => null,
    };

    private bool CanAdd => CanEdit && NewAuthorText is not null && NewAuthorError is null;

    private async Task OnKeyUpAsync(KeyboardEventArgs args)
    {
        if (args.Key == "Enter")
        {
            await AddAsync();
        }
    }

    private async Task AddAsync()
    {
        if (!CanAdd)
        {
            return;
        }

        var author = NewAuthorText!;
        _newAuthor = null;
        await AuthorsChanged.InvokeAsync([.. Authors ?? [], author]);
    }

    /// <summary>A chip's close button removes its author; read-only chips get none.</summary>
    private EventCallback<MudChip<string>> CloseOf(string author) =>
        CanEdit ? EventCallback.Factory.Create<MudChip<string>>(this, () => RemoveAsync(author)) : default;

    private Task RemoveAsync(string author) =>
        AuthorsChanged.InvokeAsync((Authors ?? []).Where(a => !string.Equals(a, author, StringComparison.Ordinal)).ToList());
}
