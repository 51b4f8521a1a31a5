using System.Text.Json;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Naming;

public sealed class NamingVocabularyTests
{
    private static readonly NamingVocabulary Vocabulary = NamingVocabulary.Default;

    [Fact]
    public void The_vocabulary_loads_from_the_embedded_json_files()
    {
        Assert.True(Vocabulary.EntryCount > 5_000, $"only {Vocabulary.EntryCount} entries");
        Assert.True(Vocabulary.Architectures.Count > 150);
    }

    [Theory]
    [InlineData("camembert", "roberta")]
    [InlineData("hubert", "wav2vec2")]
    [InlineData("dpr", "bert")]
    [InlineData("glpn", "segformer")]
    [InlineData("mixtral", "mistral")]
    [InlineData("qwen2", "qwen")]
    public void Near_twin_model_types_share_a_family(string modelType, string family)
    {
        Assert.Equal(family, Vocabulary.FamilyOf(modelType));
    }

    [Fact]
    public void Major_families_carry_reference_sizes()
    {
        Assert.Equal(new ReferenceSize(12, 768, 12), Vocabulary.FindArchitecture("bert")!.Sizes["base"]);
        Assert.Equal(new ReferenceSize(24, 1024, 16), Vocabulary.FindArchitecture("roberta")!.Sizes["large"]);
        Assert.Equal(4096, Vocabulary.FindArchitecture("llama")!.Sizes["7b"].Hidden);
    }

    [Theory]
    [InlineData("xlmr", "xlm-roberta")]
    [InlineData("MiniLM", "bert")]
    [InlineData("gpt_neox", "gpt_neox")]
    [InlineData("m2m_100", "m2m_100")]
    public void Aliases_and_model_types_find_their_architecture(string text, string modelType)
    {
        Assert.Equal(modelType, Vocabulary.FindArchitecture(text)?.ModelType);
    }

    [RealDataFact]
    public void Every_model_type_of_the_real_configs_and_label_vocabulary_resolves_to_an_architecture()
    {
        var modelTypes = RealModelTypes();
        Assert.NotEmpty(modelTypes);

        var unresolved = modelTypes.Where(t => Vocabulary.FindArchitecture(t) is null).ToArray();

        Assert.Empty(unresolved);
    }

    [RealDataFact]
    public void Every_model_type_written_as_a_name_parses_as_an_architecture()
    {
        var unparsed = RealModelTypes().Where(t => !NameParser.Default.Parse(t).Has(ElementCode.A)).ToArray();

        Assert.Empty(unparsed);
    }

    private static string[] RealModelTypes()
    {
        var fromConfigs = File.ReadLines(RealData.LabelsCsv).Skip(1)
            .Select(line => line.Split(',')[1])
            .Where(t => t.Length > 0);
        using var vocabulary = JsonDocument.Parse(File.ReadAllText(Path.Combine(RealData.PtmNaming, "label_vocab", "model_type_index_to_label.json")));
        var fromLabels = vocabulary.RootElement.EnumerateObject().Select(p => p.Value.GetString()!);
        return fromConfigs.Concat(fromLabels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }
}
