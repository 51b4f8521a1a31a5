using Dara.Cloud.Portal.Components.Interop;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>
/// A copy-to-clipboard button: its tooltip and icon say "Copied" once the browser copied the text, and a line after it
/// tells the user to copy by hand when the browser refused. Both are forgotten when the text changes.
/// </summary>
public partial class CopyButton
{
    private bool _copied;
    private bool _copyFailed;
    private string? _shownText;

    [Inject]
    private Clipboard Clipboard { get; set; } = default!;

    /// <summary>What the button copies; nothing is copied while it is null.</summary>
    [Parameter, EditorRequired]
    public string? Text { get; set; }

    /// <summary>The tooltip before copying, and the button's accessible name.</summary>
    [Parameter, EditorRequired]
    public string Label { get; set; } = "Copy";

    /// <summary>The button's class, for styles and tests.</summary>
    [Parameter]
    public string? Class { get; set; }

    /// <summary>The button's colour before copying (green once copied).</summary>
    [Parameter]
    public Color Color { get; set; } = Color.Default;

    [Parameter]
    public Size Size { get; set; } = Size.Medium;

    [Parameter]
    public Placement TooltipPlacement { get; set; } = Placement.Bottom;

    /// <summary>The line shown when the browser did not allow copying.</summary>
    [Parameter]
    public string FailureText { get; set; } = "The browser did not allow copying; select the text and copy it.";

    [Parameter]
    public string? FailureClass { get; set; }

    /// <summary>The failure line's style (<c>flex-basis:100%</c> puts it on a line of its own in a wrapping row).</summary>
    [Parameter]
    public string? FailureStyle { get; set; }

    /// <summary>Raised with the text after it was copied.</summary>
    [Parameter]
    public EventCallback<string> OnCopied { get; set; }

    protected override void OnParametersSet()
    {
        if (!string.Equals(_shownText, Text, StringComparison.Ordinal))
        {
            _shownText = Text;
            _copied = false;
            _copyFailed = false;
        }
    }

    private async Task CopyAsync()
    {
        if (Text is not { } text)
        {
            return;
        }

        _copied = await Clipboard.CopyAsync(text);
        _copyFailed = !_copied;
        if (_copied)
        {
            await OnCopied.InvokeAsync(text);
        }
    }
}
