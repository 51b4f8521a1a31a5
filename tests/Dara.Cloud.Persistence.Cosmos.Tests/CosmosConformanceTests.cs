using Dara.Cloud.Persistence.Conformance;

namespace Dara.Cloud.Persistence.Cosmos.Tests;

/// <summary>The shared grain storage conformance cases, run against the Cosmos DB provider on the emulator.</summary>
[Collection(CosmosStorageCollection.Name)]
[Trait("Needs", CosmosEmulator.Trait)]
public sealed class CosmosConformanceTests(CosmosStorageFixture fixture) : GrainStorageConformanceTests(fixture);
