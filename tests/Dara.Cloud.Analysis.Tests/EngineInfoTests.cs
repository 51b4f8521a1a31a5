namespace Dara.Cloud.Analysis.Tests;

public sealed class EngineInfoTests
{
    [Fact]
    public void The_version_is_the_assembly_version_and_a_short_hash_of_the_embedded_data()
    {
        var version = EngineInfo.Version;

        Assert.Matches(@"^[0-9][0-9A-Za-z.\-]*\+[0-9a-f]{12}$", version);
        Assert.Equal(version[(version.LastIndexOf('+') + 1)..], EngineInfo.DataHash);
        Assert.Same(version, EngineInfo.Version);
    }

    [Fact]
    public void The_data_hash_covers_the_vocabulary_and_the_check_knowledge()
    {
        var resources = typeof(EngineInfo).Assembly.GetManifestResourceNames();

        Assert.Contains(resources, name => name.StartsWith("Dara.Cloud.Analysis.Naming.Vocabulary.", StringComparison.Ordinal));
        Assert.Contains("Dara.Cloud.Analysis.Checks.Knowledge.check-knowledge.json", resources);
    }
}
