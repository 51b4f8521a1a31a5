using System.Net;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Ui;

namespace Dara.Cloud.Portal.Tests.Ui;

[Collection(PortalCollection.Name)]
public sealed class ModelReanalysisTests(PortalFactory portal)
{
    private const string Owner = "reanalysis-page-owner@example.com";

    [Fact]
    public async Task Analysing_again_a_model_deleted_since_the_page_loaded_it_answers_that_it_is_gone()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);
        using (var uploaded = await client.UploadAsync(org, "acme/bert-base"))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        var scope = new OrgScope(portal.Grains, new OrganizationInfo(new TenantId(org), org, DateTimeOffset.UtcNow), Owner, OrgRole.Owner);
        var analysed = await ModelReanalysis.ReanalyzeAsync(scope, "acme/bert-base");
        using (var deleted = await client.DeleteAsync($"/api/orgs/{org}/models/acme/bert-base"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        // The page's button used to throw "was never submitted or registered" into the error boundary.
        var gone = await ModelReanalysis.ReanalyzeAsync(scope, "acme/bert-base");

        Assert.Equal("acme/bert-base", analysed?.Key.RepoId);
        Assert.Null(gone);
    }
}
