using Microsoft.Extensions.Hosting;

namespace Dara.Cloud.Portal.Tests.Hosting;

/// <summary>Reading <c>Dara:Mode</c>: the two modes by name, embedded when unset, anything else refused at startup.</summary>
public sealed class PortalModeTests
{
    [Theory]
    [InlineData(null, PortalMode.Embedded)]
    [InlineData("", PortalMode.Embedded)]
    [InlineData("Embedded", PortalMode.Embedded)]
    [InlineData("client", PortalMode.Client)]
    [InlineData(" Client ", PortalMode.Client)]
    public void A_mode_is_read_by_name_and_embedded_is_the_default(string? configured, PortalMode expected) =>
        Assert.Equal(expected, PortalGrainsHostingExtensions.ModeOf(configured));

    [Theory]
    [InlineData("1")]
    [InlineData("Silo")]
    [InlineData("Embedded, Client")]
    public void Any_other_mode_stops_the_portal_naming_the_modes_it_accepts(string configured)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[PortalGrainsHostingExtensions.ModeKey] = configured;

        var refusal = Assert.Throws<InvalidOperationException>(() => builder.AddDaraSiloOrClient());

        Assert.Contains($"'{configured}'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Embedded", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Client", refusal.Message, StringComparison.Ordinal);
    }
}
