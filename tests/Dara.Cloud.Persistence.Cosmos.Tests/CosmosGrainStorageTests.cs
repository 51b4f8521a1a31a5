using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Dara.Cloud.Persistence.Conformance;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace Dara.Cloud.Persistence.Cosmos.Tests;

/// <summary>What the Cosmos DB provider promises beyond the shared conformance cases: document layout, partitioning, throttling.</summary>
[Collection(CosmosStorageCollection.Name)]
[Trait("Needs", CosmosEmulator.Trait)]
public sealed class CosmosGrainStorageTests(CosmosStorageFixture fixture)
{
    private const string ContainerName = "grain-state";

    private static readonly GrainType s_grainType = GrainType.Create("model");

    [Fact]
    public async Task A_grain_state_is_one_document_in_its_tenants_partition_named_by_state_type_and_key()
    {
        var tenant = $"tenant-{Guid.NewGuid():N}";
        var grain = GrainId.Create(s_grainType, $"{tenant}/owner/näme-🦙");
        var state = new GrainState<ConformanceState> { State = new ConformanceState("llama", 1, string.Empty) };

        await fixture.Storage.WriteStateAsync("profile", grain, state);

        using var client = fixture.Emulator.CreateClient();
        using var response = await client.GetContainer(fixture.DatabaseName, ContainerName)
            .ReadItemStreamAsync($"profile__model__{tenant}~2Fowner~2Fnäme-🦙", new PartitionKey(tenant));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = await JsonDocument.ParseAsync(response.Content);
        Assert.Equal(tenant, document.RootElement.GetProperty("pk").GetString());
        Assert.Equal("profile", document.RootElement.GetProperty("stateName").GetString());
        Assert.Equal(grain.ToString(), document.RootElement.GetProperty("grainId").GetString());
        Assert.Equal(state.ETag, response.Headers.ETag);
    }

    [Fact]
    public async Task A_custom_partition_key_selector_decides_the_partition()
    {
        using var host = UnstartedSilo.Build(silo => silo.AddCosmosGrainStorage("by-state", options =>
        {
            fixture.Emulator.Configure(options, fixture.DatabaseName);
            options.PartitionKeySelector = (stateName, _) => $"state-{stateName}";
        }));
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("by-state");
        var grain = GrainId.Create(s_grainType, $"tenant-{Guid.NewGuid():N}/owner/model");

        await storage.WriteStateAsync("review", grain, new GrainState<ConformanceState> { State = new ConformanceState("r", 1, string.Empty) });

        using var client = fixture.Emulator.CreateClient();
        var container = client.GetContainer(fixture.DatabaseName, ContainerName);
        var id = $"review__model__{grain.Key.ToString()!.Replace("/", "~2F", StringComparison.Ordinal)}";
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey("state-review"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Throttled_writes_are_retried_after_the_servers_retry_after()
    {
        ThrottlingHandler? throttling = null;
        using var host = ThrottledHost(inner => throttling = new ThrottlingHandler(inner, throttledAnswers: 3, TimeSpan.FromMilliseconds(150)), maxRetries: 9);
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("throttled");
        var grain = GrainId.Create(s_grainType, $"tenant-{Guid.NewGuid():N}/owner/model");
        var state = new GrainState<ConformanceState> { State = new ConformanceState("throttled", 1, string.Empty) };

        var clock = Stopwatch.StartNew();
        await storage.WriteStateAsync("profile", grain, state);
        clock.Stop();

        Assert.Equal(4, throttling!.DocumentWrites);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(3 * 150), $"Three 150 ms RetryAfters took only {clock.Elapsed.TotalMilliseconds} ms.");
        Assert.True(state.RecordExists);
        var read = new GrainState<ConformanceState>();
        await fixture.Storage.ReadStateAsync("profile", grain, read);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retry_budget_fails_with_a_clear_error()
    {
        ThrottlingHandler? throttling = null;
        using var host = ThrottledHost(inner => throttling = new ThrottlingHandler(inner, throttledAnswers: int.MaxValue, TimeSpan.FromMilliseconds(20)), maxRetries: 2);
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("throttled");
        var grain = GrainId.Create(s_grainType, $"tenant-{Guid.NewGuid():N}/owner/model");

        var exception = await Assert.ThrowsAsync<CosmosGrainStorageThrottledException>(
            () => storage.WriteStateAsync("profile", grain, new GrainState<ConformanceState> { State = new ConformanceState() }));

        Assert.Equal(3, throttling!.DocumentWrites);
        Assert.Contains("429", exception.Message);
        Assert.Contains("after 2 retries", exception.Message);
        Assert.Contains($"{fixture.DatabaseName}/{ContainerName}", exception.Message);
    }

    [Fact]
    public async Task A_stored_state_that_cannot_be_deserialized_fails_with_a_message_naming_the_state_and_the_grain()
    {
        var tenant = $"tenant-{Guid.NewGuid():N}";
        var grain = GrainId.Create(s_grainType, tenant);
        using var client = fixture.Emulator.CreateClient();
        var corrupt = new { id = $"profile__model__{tenant}", pk = tenant, stateName = "profile", grainId = grain.ToString(), payload = Convert.ToBase64String("{not json"u8) };
        await client.GetContainer(fixture.DatabaseName, ContainerName).CreateItemAsync(corrupt, new PartitionKey(tenant));

        var exception = await Assert.ThrowsAsync<OrleansException>(
            () => fixture.Storage.ReadStateAsync("profile", grain, new GrainState<ConformanceState>()));

        Assert.Contains("'profile'", exception.Message);
        Assert.Contains(grain.ToString(), exception.Message);
    }

    [Fact]
    public async Task A_container_partitioned_by_another_path_is_refused()
    {
        using var client = fixture.Emulator.CreateClient();
        var database = client.GetDatabase(fixture.DatabaseName);
        await database.CreateContainerIfNotExistsAsync(new ContainerProperties("by-tenant-field", "/tenant"));
        using var host = UnstartedSilo.Build(silo => silo.AddCosmosGrainStorage("misfit", options =>
        {
            fixture.Emulator.Configure(options, fixture.DatabaseName);
            options.ContainerName = "by-tenant-field";
        }));
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("misfit");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => storage.ReadStateAsync("profile", GrainId.Create(s_grainType, "tenant"), new GrainState<ConformanceState>()));

        Assert.Contains("'/tenant'", exception.Message);
        Assert.Contains("'/pk'", exception.Message);
    }

    [Fact]
    public async Task A_missing_container_that_may_not_be_created_fails_with_a_clear_message()
    {
        using var host = UnstartedSilo.Build(silo => silo.AddCosmosGrainStorage("no-create", options =>
        {
            fixture.Emulator.Configure(options, fixture.DatabaseName);
            options.ContainerName = "never-created";
            options.CreateResources = false;
        }));
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("no-create");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => storage.ReadStateAsync("profile", GrainId.Create(s_grainType, "tenant"), new GrainState<ConformanceState>()));

        Assert.Contains($"{fixture.DatabaseName}/never-created does not exist", exception.Message);
    }

    private IHost ThrottledHost(Func<HttpMessageHandler, HttpMessageHandler> throttle, int maxRetries) =>
        UnstartedSilo.Build(silo => silo.AddCosmosGrainStorage("throttled", options =>
        {
            fixture.Emulator.Configure(options, fixture.DatabaseName);
            options.MaxThrottledRetries = maxRetries;
            options.ConfigureClientOptions = clientOptions => CosmosEmulator.TrustServerCertificate(clientOptions, throttle);
        }));
}
