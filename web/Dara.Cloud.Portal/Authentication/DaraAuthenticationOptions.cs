namespace Dara.Cloud.Portal.Authentication;

/// <summary>How callers sign in (<c>Dara:Authentication</c>).</summary>
public sealed class DaraAuthenticationOptions
{
    public const string Section = "Dara:Authentication";

    /// <summary>
    /// Lets <c>X-Dev-User: &lt;email&gt;</c> sign a caller in. Only in the Development environment: configured anywhere
    /// else, the app refuses to start rather than run with a door open.
    /// </summary>
    public bool DevelopmentSignIn { get; set; }

    /// <summary>Users the development sign-in page offers to pick (anyone else can be typed in).</summary>
    public IReadOnlyList<string> DevelopmentUsers { get; set; } = [];

    /// <summary>
    /// Entra tenants trusted for e-mail domains: an address at such a domain in a token of its owning tenant is taken as
    /// proven, as Entra's <c>xms_edov</c> claim would prove it (<see cref="VerifiedEmail"/>). For tenants whose tokens do
    /// not carry that claim; empty by default, so only <c>xms_edov</c> proves an address.
    /// </summary>
    public IReadOnlyList<EmailDomainOwner> EmailDomainOwners { get; set; } = [];
}
