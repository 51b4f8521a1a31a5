using System.Security.Claims;
using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Ui;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Portal.Tests.Authentication;

/// <summary>
/// Entra ID principals as the multi-tenant app receives them (constructed here, no network): the account (tenant id and
/// object id) says who signs in; an e-mail invitation is claimed only with a proven address, and then only by that account.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EntraIdentityTests(PortalFactory portal)
{
    private const string Owner = "owner@entra-tests.example";
    private static readonly string s_contoso = Guid.NewGuid().ToString("D");
    private static readonly string s_elsewhere = Guid.NewGuid().ToString("D");

    private static string NewAddress() => $"user-{Guid.NewGuid():N}@contoso.example";

    private EntraUserIds Users(params EmailDomainOwner[] owners) =>
        new(portal.Grains, Options.Create(new DaraAuthenticationOptions { EmailDomainOwners = owners }));

    /// <summary>A validated token's principal: its claims carry the issuer of <paramref name="tenantId"/>, as Identity.Web's do.</summary>
    private static ClaimsPrincipal Token(string tenantId, string objectId, params (string Type, string Value)[] claims)
    {
        var issuer = $"https://login.microsoftonline.com/{tenantId}/v2.0";
        (string Type, string Value)[] all = [("tid", tenantId), ("oid", objectId), ("scp", "access_as_user"), .. claims];
        return new(new ClaimsIdentity(all.Select(c => new Claim(c.Type, c.Value, ClaimValueTypes.String, issuer)), "AuthenticationTypes.Federation"));
    }

    private static string NewObjectId() => Guid.NewGuid().ToString("D");

    /// <summary>An organization that has invited <paramref name="address"/> as a reviewer.</summary>
    private async Task<string> InvitingOrgAsync(string address)
    {
        var org = await portal.CreateOrgAsync(Owner, "entra");
        await portal.AddMemberAsync(org, Owner, address, "reviewer");
        return org;
    }

    private async Task<OrgAccessResult> SignInAndOpenAsync(ClaimsPrincipal principal, string org, EntraUserIds? users = null)
    {
        Assert.True(await (users ?? Users()).StampAsync(principal));
        return await new OrgAccess(portal.Grains).ResolveAsync(principal, org);
    }

    [Fact]
    public async Task A_verified_address_claims_its_invitation_and_is_then_bound_to_the_account()
    {
        var alice = NewAddress();
        var org = await InvitingOrgAsync(alice);
        var objectId = NewObjectId();

        var first = await SignInAndOpenAsync(Token(s_contoso, objectId, ("email", alice), ("xms_edov", "true")), org);
        Assert.Equal(OrgAccessStatus.Allowed, first.Status);
        Assert.Equal(alice, first.Scope!.UserId);
        Assert.Equal(OrgRole.Reviewer, first.Scope.Role);

        // Bound: the same account is Alice by its tenant and object id alone, whatever its token shows now.
        var later = Token(s_contoso, objectId, ("preferred_username", "renamed@contoso.example"));
        Assert.Equal(OrgAccessStatus.Allowed, (await SignInAndOpenAsync(later, org)).Status);
        Assert.Equal(alice, DaraClaims.UserIdOf(later));
    }

    [Fact]
    public async Task The_same_address_in_a_token_of_another_tenant_is_refused()
    {
        var alice = NewAddress();
        var org = await InvitingOrgAsync(alice);
        await SignInAndOpenAsync(Token(s_contoso, NewObjectId(), ("email", alice), ("xms_edov", "true")), org);

        // Another tenant's admin named a user alice@…; even a token that says the address is verified is not Alice.
        var impostor = Token(s_elsewhere, NewObjectId(), ("email", alice), ("preferred_username", alice), ("xms_edov", "true"));
        var access = await SignInAndOpenAsync(impostor, org);

        Assert.Equal(OrgAccessStatus.Forbidden, access.Status);
        Assert.StartsWith($"entra:{s_elsewhere}:", DaraClaims.UserIdOf(impostor), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false")]
    [InlineData(null)]
    public async Task An_unverified_address_cannot_claim_an_invitation(string? domainOwnerVerified)
    {
        var bob = NewAddress();
        var org = await InvitingOrgAsync(bob);
        var objectId = NewObjectId();
        (string, string)[] claims = domainOwnerVerified is null
            ? [("email", bob), ("preferred_username", bob)]
            : [("email", bob), ("preferred_username", bob), ("xms_edov", domainOwnerVerified)];

        var unverified = Token(s_contoso, objectId, claims);
        var refused = await SignInAndOpenAsync(unverified, org);

        Assert.Equal(OrgAccessStatus.Forbidden, refused.Status);
        Assert.Equal(new EntraAccount(s_contoso, objectId).UserId, DaraClaims.UserIdOf(unverified));

        // The invitation is still there for the account that proves the address.
        var verified = await SignInAndOpenAsync(Token(s_contoso, objectId, ("email", bob), ("xms_edov", "true")), org);
        Assert.Equal(OrgAccessStatus.Allowed, verified.Status);
        Assert.Equal(bob, verified.Scope!.UserId);
    }

    [Fact]
    public async Task A_tenant_the_deployment_trusts_for_a_domain_proves_its_addresses_there_only()
    {
        var users = Users(new EmailDomainOwner { Domain = "contoso.example", TenantId = s_contoso.ToUpperInvariant() });
        var carol = NewAddress();
        var org = await InvitingOrgAsync(carol);

        var elsewhere = await SignInAndOpenAsync(Token(s_elsewhere, NewObjectId(), ("preferred_username", carol)), org, users);
        var owner = await SignInAndOpenAsync(Token(s_contoso, NewObjectId(), ("preferred_username", carol)), org, users);

        Assert.Equal(OrgAccessStatus.Forbidden, elsewhere.Status);
        Assert.Equal(OrgAccessStatus.Allowed, owner.Status);
        Assert.Equal(carol, owner.Scope!.UserId);
        Assert.Null(VerifiedEmail.Of(Token(s_contoso, NewObjectId(), ("email", "dave@sub.contoso.example")), new EntraAccount(s_contoso, NewObjectId()),
            [new EmailDomainOwner { Domain = "contoso.example", TenantId = s_contoso }]));
    }

    [Fact]
    public async Task A_token_without_a_tenant_and_object_id_names_nobody()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("email", NewAddress()), new Claim("xms_edov", "true")], "AuthenticationTypes.Federation"));

        Assert.False(await Users().StampAsync(principal));
        Assert.Null(DaraClaims.UserIdOf(principal));
    }

    [Fact]
    public async Task Claims_named_like_the_portals_own_inside_a_token_are_ignored()
    {
        var victim = NewAddress();
        var org = await InvitingOrgAsync(victim);
        var forged = Token(s_elsewhere, NewObjectId(), (DaraClaims.UserId, victim), (DaraClaims.Organization, org), (DaraClaims.Role, "Owner"));

        Assert.Null(DaraClaims.UserIdOf(forged));
        Assert.Null(DaraClaims.ApiKeyGrantOf(forged));
        Assert.Equal(OrgAccessStatus.Forbidden, (await SignInAndOpenAsync(forged, org)).Status);
        Assert.Single(forged.FindAll(DaraClaims.UserId));
    }

    [Fact]
    public void Development_sign_in_and_api_key_principals_keep_the_ids_the_portal_gave_them()
    {
        static ClaimsPrincipal Signed(string scheme, params (string Type, string Value)[] claims) =>
            new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), scheme));

        var developer = Signed(DaraAuthenticationSchemes.Development, (DaraClaims.UserId, "erin@contoso.example"), (ClaimTypes.Email, "erin@contoso.example"));
        var key = Signed(DaraAuthenticationSchemes.ApiKey, (DaraClaims.UserId, "api-key:acme:0123456789ab"), (DaraClaims.Organization, "acme"), (DaraClaims.Role, "Reviewer"), (DaraClaims.ApiKeyId, "k1"));

        Assert.Equal("erin@contoso.example", DaraClaims.UserIdOf(developer));
        Assert.Equal("api-key:acme:0123456789ab", DaraClaims.UserIdOf(key));
        Assert.Equal((new TenantId("acme"), OrgRole.Reviewer), DaraClaims.ApiKeyGrantOf(key));
        Assert.Equal("k1", DaraClaims.ApiKeyIdOf(key));
        Assert.Null(DaraClaims.UserIdOf(new ClaimsPrincipal(new ClaimsIdentity([new Claim(DaraClaims.UserId, "erin@contoso.example")]))));
    }

    [Theory]
    [InlineData("Alice@Contoso.example", "alice@contoso.example")]
    [InlineData("entra:6b1e0a5c-0000-4000-8000-000000000001:0a1b0000-0000-4000-8000-00000000000f@contoso.example", null)]
    [InlineData("Alice <alice@contoso.example>", null)]
    [InlineData("a@b.example, c@d.example", null)]
    [InlineData("", null)]
    public void A_user_id_address_is_one_plain_address(string text, string? expected) =>
        Assert.Equal(expected, EmailAddresses.Normalize(text));
}
