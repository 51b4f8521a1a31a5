using Microsoft.JSInterop;

namespace Dara.Cloud.Portal.Components.Interop;

/// <summary>
/// Copies text to the user's clipboard through <c>navigator.clipboard.writeText</c>, in a small JS module of this
/// library loaded on first use (one per circuit: register scoped).
/// </summary>
public sealed class Clipboard(IJSRuntime js) : IAsyncDisposable
{
    /// <summary>Where the module is served from: Razor class libraries' static assets live under _content/{assembly}.</summary>
    public const string ModulePath = "./_content/Dara.Cloud.Portal.Components/clipboard.js";

    private Task<IJSObjectReference>? _module;

    /// <summary>Writes <paramref name="text"/> to the clipboard; false when the browser refused (no secure context, no permission).</summary>
    public async Task<bool> CopyAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            _module ??= js.InvokeAsync<IJSObjectReference>("import", cancellationToken, ModulePath).AsTask();
            var module = await _module;
            await module.InvokeVoidAsync("copyText", cancellationToken, text);
            return true;
        }
        catch (JSException)
        {
            // The browser's refusal (permissions, insecure origin) is not an error of the page: say it did not copy.
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is { IsCompletedSuccessfully: true })
        {
            try
            {
                await _module.Result.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }
    }
}
