using Dara.Cloud.Persistence.Conformance;
using Microsoft.Azure.Cosmos;

namespace Dara.Cloud.Persistence.Cosmos.Tests;

/// <summary>The assembly's one silo, with Cosmos DB grain storage in a database of its own on the emulator.</summary>
public sealed class CosmosStorageFixture : GrainStorageFixture
{
    private CosmosEmulator? _emulator;

    public CosmosEmulator Emulator => _emulator ?? throw new InvalidOperationException("The fixture has not been initialized.");

    /// <summary>A database per test run, so runs sharing one emulator never see each other's documents.</summary>
    public string DatabaseName { get; } = $"dara-tests-{Guid.NewGuid():N}";

    public override async Task InitializeAsync()
    {
        _emulator = await CosmosEmulator.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_emulator is not null)
        {
            using (var client = _emulator.CreateClient())
            {
                try
                {
                    await client.GetDatabase(DatabaseName).DeleteAsync();
                }
                catch (CosmosException)
                {
                    // Best effort: an emulator this run started is about to stop anyway.
                }
            }

            await _emulator.DisposeAsync();
        }
    }

    protected override void ConfigureStorage(ISiloBuilder silo, string providerName) =>
        silo.AddCosmosGrainStorage(providerName, options => Emulator.Configure(options, DatabaseName));
}

[CollectionDefinition(Name)]
public sealed class CosmosStorageCollection : ICollectionFixture<CosmosStorageFixture>
{
    public const string Name = "Cosmos DB grain storage";
}
