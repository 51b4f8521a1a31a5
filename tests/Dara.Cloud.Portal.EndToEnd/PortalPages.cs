using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dara.Cloud.Portal.EndToEnd;

/// <summary>What a person does in the portal, as Playwright steps that each wait for the page to show the result.</summary>
internal static class PortalPages
{
    /// <summary>Where screenshots go: <c>DARA_SCREENSHOTS</c> when set (e.g. docs/screenshots), else the test output.</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("DARA_SCREENSHOTS") is { Length: > 0 } directory
            ? directory
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Signs in on the development sign-in page by typing <paramref name="email"/>; ends on the home page, live.</summary>
    public static async Task SignInAsync(this IPage page, PortalServer portal, string email)
    {
        await page.GotoAsync(portal.Url("signin"));
        await page.Locator("#dara-sign-in-email").FillAsync(email);
        await page.Locator(".dara-sign-in-submit").ClickAsync();
        await page.WaitForURLAsync(portal.Url(""));
        await page.WaitUntilLiveAsync();
        await Expect(page.Locator(".dara-signed-in-user")).ToHaveTextAsync(email);
    }

    /// <summary>Loads <paramref name="url"/> and waits until the page is live (its circuit connected).</summary>
    public static async Task<IResponse?> GotoLiveAsync(this IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        await page.WaitUntilLiveAsync();
        return response;
    }

    /// <summary>
    /// Waits for the circuit: clicks before it connects would reach a prerendered page that cannot handle them.
    /// </summary>
    public static Task WaitUntilLiveAsync(this IPage page) =>
        page.Locator("body[data-dara-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Follows one of the organization's section links (Dashboard, Models, Check a model, Settings).</summary>
    public static async Task OpenSectionAsync(this IPage page, string section, string expectedUrl)
    {
        await page.Locator("nav.dara-org-tabs").GetByRole(AriaRole.Link, new() { Name = section, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(expectedUrl);
    }

    /// <summary>
    /// Chooses a file in a Blazor file input once Blazor's script has attached to it (its <c>init</c> sets
    /// <c>_blazorInputFileNextFileId</c>): a file chosen before that fires a change nobody hears, which is what a
    /// fast test does right after following a link to the page.
    /// </summary>
    public static async Task ChooseFileAsync(this IPage page, ILocator input, string path)
    {
        await input.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.WaitForFunctionAsync("input => input._blazorInputFileNextFileId !== undefined", await input.ElementHandleAsync());
        await input.SetInputFilesAsync(path);
    }

    /// <summary>Saves a screenshot of <paramref name="part"/> alone as <c>{name}.png</c> in <see cref="ScreenshotDirectory"/>; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(this ILocator part, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, $"{name}.png");
        await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    /// <summary>Saves a full-page screenshot as <c>{name}.png</c> in <see cref="ScreenshotDirectory"/>; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(this IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return path;
    }
}
