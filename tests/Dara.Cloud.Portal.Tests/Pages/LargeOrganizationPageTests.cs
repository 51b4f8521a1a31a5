using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Pages;

/// <summary>Pages ask for one page of data: an organization of 10,000 models is served as fast as a small one.</summary>
[Collection(PortalCollection.Name)]
public sealed class LargeOrganizationPageTests(PortalFactory portal, ITestOutputHelper output)
{
    private const int Models = 10_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task With_ten_thousand_models_every_page_is_served_within_a_second()
    {
        var org = await portal.CreateOrgAsync("owner@large.example", "large");
        await IndexModelsAsync(new TenantId(org));
        using var owner = portal.As("owner@large.example");

        foreach (var path in new[] { $"/orgs/{org}", $"/orgs/{org}/models", $"/orgs/{org}/settings", $"/orgs/{org}/check", $"/api/orgs/{org}/models?sort=score&verdict=misnamed", $"/api/orgs/{org}/stats" })
        {
            // The best of three, so a machine busy with other work does not decide the outcome; the first also warms up.
            var best = TimeSpan.MaxValue;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await owner.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                watch.Stop();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.NotEmpty(body);
                best = watch.Elapsed < best ? watch.Elapsed : best;
            }

            output.WriteLine($"{path}: {best.TotalMilliseconds:0} ms");
            Assert.True(best < Budget, $"{path} took {best.TotalMilliseconds:0} ms with {Models} models");
        }
    }

    // Entries as model grains report them to their organization (RecordModelAsync), without analysing 10,000 uploads.
    private async Task IndexModelsAsync(TenantId tenant)
    {
        var organization = portal.Grains.GetGrain<IOrganizationGrain>(tenant.Value);
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, Models), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            using var scope = TenantContext.Enter(tenant);
            var misnamed = i % 7 == 0;
            await organization.RecordModelAsync(new ModelSummary(
                $"author-{i % 50}",
                $"bert-base-{i:D5}",
                misnamed ? "misnamed" : "ok",
                misnamed ? 40 + (i % 30) : 80 + (i % 21),
                misnamed ? ["architecture-mismatch"] : [],
                misnamed ? $"author-{i % 50}/roberta-base-{i:D5}" : $"author-{i % 50}/bert-base-{i:D5}",
                misnamed ? "roberta" : "bert",
                110_000_000,
                now.AddMinutes(-i),
                ModelOrigin.UploadKind,
                ReviewActions.Open,
                $"hash-{i % 100}"));
        });

        using var check = TenantContext.Enter(tenant);
        Assert.Equal(Models, (await organization.GetStatsAsync()).Models);
    }
}
