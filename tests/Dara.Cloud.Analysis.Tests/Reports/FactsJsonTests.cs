using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Reports;

/// <summary>The service caches facts as JSON and checks names against them later: they must read back as written.</summary>
public sealed class FactsJsonTests
{
    [RealDataFact]
    public async Task Facts_of_every_real_model_read_back_to_the_same_json()
    {
        foreach (var folder in RealData.ConfigFolders())
        {
            await using var source = new LocalFolderSource(folder);
            var facts = ModelReport.From(await new ModelInspector().InspectAsync(source)).Facts;

            var json = EngineJson.Serialize(facts);
            var back = EngineJson.DeserializeFacts(json);

            Assert.Equal(json, EngineJson.Serialize(back));
            Assert.Equal(facts.Parameters, back.Parameters);
            Assert.Equal(facts.Modality, back.Modality);
        }
    }

    [Fact]
    public void Facts_json_is_the_same_as_inside_a_check_document()
    {
        var facts = new Dara.Cloud.Analysis.Facts.ModelFacts { ModelType = "gpt2", ConfigDType = "float16", ParametersByDType = new Dictionary<string, long> { ["F16"] = 10 } };

        var json = EngineJson.Serialize(facts);

        Assert.Contains("\"model_type\":\"gpt2\"", json, StringComparison.Ordinal);
        Assert.Contains("\"config_dtype\":\"float16\"", json, StringComparison.Ordinal);
        Assert.Contains("\"parameters_by_dtype\":{\"F16\":10}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Something_else_than_facts_is_refused()
    {
        Assert.Throws<System.Text.Json.JsonException>(() => EngineJson.DeserializeFacts("null"));
        Assert.Throws<System.Text.Json.JsonException>(() => EngineJson.DeserializeFacts("{\"parameters\": \"many\"}"));
    }
}
