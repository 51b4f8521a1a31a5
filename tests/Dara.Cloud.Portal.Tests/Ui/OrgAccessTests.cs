using System.Security.Claims;
using System.Threading.Channels;
using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Ui;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dara.Cloud.Portal.Tests.Ui;

/// <summary>The pages' membership rule and live updates, against the embedded silo.</summary>
[Collection(PortalCollection.Name)]
public sealed class OrgAccessTests(PortalFactory portal)
{
    [Fact]
    public async Task Members_get_their_role_non_members_are_forbidden_and_unknown_organizations_are_not_found()
    {
        var org = await portal.CreateOrgAsync("owner@access.example", "access");
        await portal.AddMemberAsync(org, "owner@access.example", "viewer@access.example", "viewer");
        var access = new OrgAccess(portal.Grains);

        var owner = await access.ResolveAsync(Person("owner@access.example"), org);
        var viewer = await access.ResolveAsync(Person("viewer@access.example"), org);
        var stranger = await access.ResolveAsync(Person("stranger@access.example"), org);

        Assert.Equal(OrgAccessStatus.Allowed, owner.Status);
        Assert.True(owner.Scope!.IsOwner);
        Assert.Equal(org, owner.Scope.Info.Id.Value);
        Assert.Equal(OrgRole.Viewer, viewer.Scope!.Role);
        Assert.False(viewer.Scope.CanReview);
        Assert.Equal(OrgAccessStatus.Forbidden, stranger.Status);
        Assert.Null(stranger.Scope);
        Assert.Equal(403, stranger.HttpStatus);
        Assert.Equal(OrgAccessStatus.NotFound, (await access.ResolveAsync(Person("owner@access.example"), portal.NewOrgId("none"))).Status);
        Assert.Equal(OrgAccessStatus.NotFound, (await access.ResolveAsync(Person("owner@access.example"), "Not An Id")).Status);
        Assert.Equal(OrgAccessStatus.SignedOut, (await access.ResolveAsync(new ClaimsPrincipal(new ClaimsIdentity()), org)).Status);
    }

    [Fact]
    public async Task A_scope_reaches_only_its_own_organizations_models()
    {
        var org = await portal.CreateOrgAsync("owner@scope.example", "scope");
        using (var client = portal.As("owner@scope.example"))
        using (var upload = await client.UploadAsync(org, "acme/bert-base"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, upload.StatusCode);
        }

        var scope = (await new OrgAccess(portal.Grains).ResolveAsync(Person("owner@scope.example"), org)).Scope!;

        var (valid, view) = await scope.ModelAsync("acme/bert-base", model => model.GetAsync());
        Assert.True(valid);
        Assert.Equal("bert-base", view!.Key.Name);
        Assert.False((await scope.ModelAsync("../other-org/model", model => model.GetAsync())).Valid);
        Assert.Equal($"/orgs/{org}/models/acme/bert-base", scope.ModelHref(view.Key.Owner, view.Key.Name));
    }

    [Fact]
    public async Task A_watching_page_hears_of_a_model_the_api_uploaded_of_one_that_came_in_flagged_and_nothing_once_it_stops()
    {
        var org = await portal.CreateOrgAsync("owner@watch.example", "watch");
        var scope = (await new OrgAccess(portal.Grains).ResolveAsync(Person("owner@watch.example"), org)).Scope!;
        var heard = Channel.CreateUnbounded<ModelChanges>();
        using var client = portal.As("owner@watch.example");

        await using (var watch = await OrganizationWatch.StartAsync(scope, batch => heard.Writer.WriteAsync(batch).AsTask(), NullLogger.Instance))
        {
            using var upload = await client.UploadAsync(org, "acme/bert-base");
            var batch = await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains(batch.Changed, model => model.RepoId == "acme/bert-base");
            Assert.Empty(batch.Flagged);

            using var misnamed = await client.UploadAsync(org, "acme/gpt2-base");
            var flagged = await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(("acme/gpt2-base", "misnamed"), (Assert.Single(flagged.Flagged).Model.RepoId, flagged.Flagged[0].Model.Verdict));
            Assert.Contains(flagged.Changed, model => model.RepoId == "acme/gpt2-base");
        }

        // Whatever was already on its way when the page stopped watching is not what is asserted here.
        while (heard.Reader.TryRead(out _))
        {
        }

        using (var later = await client.UploadAsync(org, "acme/bert-large", ApiCalls.LlamaConfig))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, later.StatusCode);
        }

        await Task.Delay(OrganizationWatch.Coalescing * 4);
        Assert.False(heard.Reader.TryRead(out _));
    }

    private static ClaimsPrincipal Person(string email) =>
        new(new ClaimsIdentity([new Claim(DaraClaims.UserId, email)], DaraAuthenticationSchemes.Development));
}
