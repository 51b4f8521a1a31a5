using Dara.Cloud.Persistence.Conformance;

namespace Dara.Cloud.Persistence.Tests;

/// <summary>The shared grain storage conformance cases, run against the SQLite provider.</summary>
[Collection(SqliteStorageCollection.Name)]
public sealed class SqliteConformanceTests(SqliteStorageFixture fixture) : GrainStorageConformanceTests(fixture);
