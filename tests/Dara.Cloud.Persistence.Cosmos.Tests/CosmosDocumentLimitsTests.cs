using Dara.Cloud.Persistence.Conformance;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Dara.Cloud.Persistence.Cosmos.Tests;

/// <summary>Limits of Cosmos DB documents that the provider checks before it sends anything. No server needed.</summary>
public sealed class CosmosDocumentLimitsTests
{
    [Fact]
    public async Task A_state_too_large_for_a_cosmos_document_is_refused_before_it_is_sent()
    {
        // An endpoint nothing listens on: the refusal must come before any request.
        using var host = UnstartedSilo.Build(silo => silo.AddCosmosGrainStorage("state", options =>
        {
            options.AccountEndpoint = "https://127.0.0.1:9/";
            options.AccountKey = CosmosEmulator.Key;
        }));
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("state");
        var huge = new GrainState<ConformanceState> { State = new ConformanceState("huge", 1, new string('x', 1_700_000)) };

        var exception = await Assert.ThrowsAsync<OrleansException>(
            () => storage.WriteStateAsync("profile", GrainId.Create("model", "tenant/owner/huge"), huge));

        Assert.Contains("at most 2048 KiB per document", exception.Message);
        Assert.Contains("'profile'", exception.Message);
    }
}
