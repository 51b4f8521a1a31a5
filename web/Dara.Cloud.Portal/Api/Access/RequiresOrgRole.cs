namespace Dara.Cloud.Portal.Api.Access;

/// <summary>Endpoint metadata: the least role a caller must hold in the route's organization (viewer when absent).</summary>
public sealed record RequiresOrgRole(OrgRole Role);

/// <summary>Declares the role an organization endpoint needs.</summary>
public static class RequiresOrgRoleExtensions
{
    /// <summary>Reviewers review and re-analyse; owners administer members, policy, keys and watched authors.</summary>
    public static TBuilder RequireOrgRole<TBuilder>(this TBuilder builder, OrgRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresOrgRole(role));
}
