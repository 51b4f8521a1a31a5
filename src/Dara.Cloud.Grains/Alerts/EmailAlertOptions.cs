using MailKit.Security;

namespace Dara.Cloud.Grains.Alerts;

/// <summary>
/// The mail server alerts are e-mailed through (<c>Dara:Alerts:Email</c>). Without <see cref="Host"/> and
/// <see cref="From"/> the deployment sends no e-mail, and members cannot ask for alerts by e-mail.
/// </summary>
public sealed class EmailAlertOptions
{
    public const string Section = "Dara:Alerts:Email";

    /// <summary>The SMTP server's host name or address.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>
    /// TLS: <c>Auto</c> (TLS on connect on port 465, STARTTLS when the server offers it otherwise), <c>StartTls</c>
    /// (required), <c>SslOnConnect</c>, or <c>None</c> (a relay on the same host).
    /// </summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    /// <summary>The user name to sign in to the server with; none signs in without one.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender: an address, optionally with a display name (<c>Dara.Cloud &lt;alerts@example.com&gt;</c>).</summary>
    public string? From { get; set; }

    /// <summary>The portal's public address, for links to the models in each e-mail; none leaves the links out.</summary>
    public Uri? PortalUrl { get; set; }

    /// <summary>
    /// How long alerts gather before they are e-mailed: a re-analysis or a burst of uploads is one e-mail per member, not
    /// one per model.
    /// </summary>
    public TimeSpan DigestWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Models named in one e-mail; the rest are counted and linked to.</summary>
    public int MaxModelsListed { get; set; } = 25;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
