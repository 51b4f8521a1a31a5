using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Pages;

/// <summary>The portal's icon: linked from every page's head and served, so browsers stop asking for a missing /favicon.ico.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class FaviconTests(PortalFactory portal)
{
    [Fact]
    public async Task Pages_link_an_svg_icon_and_an_ico_both_of_which_are_served_as_images()
    {
        using var client = portal.Anonymous();
        var html = await client.GetStringAsync("/signin");

        var icons = IconLink().Matches(html)
            .Select(m => (Href: WebUtility.HtmlDecode(m.Groups["href"].Value), Type: WebUtility.HtmlDecode(m.Groups["type"].Value)))
            .ToList();

        Assert.Equal(2, icons.Count);
        var svg = Assert.Single(icons, icon => icon.Type == "image/svg+xml");
        using (var response = await client.GetAsync(svg.Href))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("svg", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Name.LocalName);
        }

        var ico = Assert.Single(icons, icon => icon.Href.EndsWith(".ico", StringComparison.Ordinal));
        using (var response = await client.GetAsync(ico.Href))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertIcon(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task The_favicon_browsers_ask_for_by_default_is_served_as_an_icon()
    {
        using var client = portal.Anonymous();

        using var response = await client.GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/x-icon", response.Content.Headers.ContentType?.MediaType);
        AssertIcon(await response.Content.ReadAsByteArrayAsync());
    }

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>An ICO file (reserved 0, type 1) whose images are 16, 32 and 48 pixels square PNGs.</summary>
    private static void AssertIcon(byte[] ico)
    {
        Assert.Equal([0, 0, 1, 0], ico[..4]);
        var count = BitConverter.ToUInt16(ico, 4);
        var sizes = Enumerable.Range(0, count).Select(i => (int)ico[6 + (16 * i)]).ToArray();
        Assert.Equal([16, 32, 48], sizes);
        foreach (var i in Enumerable.Range(0, count))
        {
            var offset = BitConverter.ToInt32(ico, 6 + (16 * i) + 12);
            Assert.Equal(PngSignature, ico[offset..(offset + PngSignature.Length)]);
        }
    }

    [GeneratedRegex("""<link rel="icon" href="(?<href>[^"]+)"(?: sizes="[^"]*")?(?: type="(?<type>[^"]+)")? ?/?>""")]
    private static partial Regex IconLink();
}
