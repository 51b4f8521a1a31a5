using CsCheck;
using System.Text;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.ModelCards;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Formats.ModelCards;

public sealed class ModelCardReaderTests
{
    private static ModelCard Parse(string text) => ModelCardReader.Parse("README.md", Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Front_matter_fields_are_read_in_string_and_list_forms()
    {
        var card = Parse("""
            ---
            language:
            - en
            - de
            license: apache-2.0
            base_model: meta-llama/Llama-2-7b-hf
            datasets: squad
            pipeline_tag: question-answering
            library_name: transformers
            tags: [qa, bert]
            model-index:
            - name: my-qa
              results:
              - task: {type: question-answering, name: QA}
                dataset: {type: squad, name: SQuAD}
                metrics:
                - {type: f1, value: 88.5}
            ---
            # My QA model

            Text.
            """);

        Assert.True(card.HasFrontMatter);
        Assert.Equal(["en", "de"], card.Languages);
        Assert.Equal("apache-2.0", card.License);
        Assert.Equal(["meta-llama/Llama-2-7b-hf"], card.BaseModels);
        Assert.Equal(["squad"], card.Datasets);
        Assert.Equal("question-answering", card.PipelineTag);
        Assert.Equal("transformers", card.LibraryName);
        Assert.Equal(["qa", "bert"], card.Tags);
        Assert.Equal("My QA model", card.Title);
        var entry = Assert.Single(card.ModelIndex);
        Assert.Equal("my-qa", entry.Name);
        var result = Assert.Single(entry.Results);
        Assert.Equal(("question-answering", "squad", "SQuAD"), (result.TaskType, result.DatasetType, result.DatasetName));
        Assert.Equal(["f1"], result.Metrics);
    }

    [Fact]
    public void A_card_without_front_matter_still_gives_its_title()
    {
        var card = Parse("# BERT base model (uncased)\n\nPretrained model on English.");

        Assert.False(card.HasFrontMatter);
        Assert.Equal("BERT base model (uncased)", card.Title);
        Assert.Empty(card.Languages);
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_are_accepted()
    {
        var card = Parse("\uFEFF---\r\nlicense: mit\r\n---\r\n# Title\r\n");

        Assert.Equal("mit", card.License);
        Assert.Equal("Title", card.Title);
    }

    [Fact]
    public void Invalid_yaml_names_the_file_and_line()
    {
        var error = Assert.Throws<ArtifactException>(() => Parse("---\nlicense: [mit\nlanguage: en\n---\n"));

        Assert.Equal("README.md", error.File);
        Assert.Contains("front matter is not valid YAML", error.Message);
    }

    [Theory]
    [InlineData(5_000, "- ")]
    [InlineData(5_000, "[")]
    public void Deeply_nested_yaml_is_refused_without_overflowing_the_stack(int depth, string opener)
    {
        var yaml = "---\ntags: " + string.Concat(Enumerable.Repeat(opener, depth)) + "x\n---\n";

        var error = Assert.Throws<ArtifactException>(() => Parse(yaml));

        Assert.Equal("README.md", error.File);
    }

    [Fact]
    public void Alias_bombs_are_bounded()
    {
        var yaml = new StringBuilder("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        yaml.Append("tags: *a9\n---\n");

        var card = Parse(yaml.ToString());

        Assert.Empty(card.Tags);
    }

    [Fact]
    public void Random_text_never_escapes_as_anything_but_an_artifact_error()
    {
        Gen.String[0, 400].Sample(text =>
        {
            try
            {
                Parse("---\n" + text + "\n---\n");
            }
            catch (ArtifactException)
            {
            }
        }, iter: 3_000);
    }

    [Fact]
    public void Front_matter_whose_events_yamldotnet_cannot_place_is_an_artifact_error()
    {
        // The random-text property above once drew, from this seed, text on which YamlDotNet's representation model
        // threw ArgumentException ("The current event is of an unsupported type") instead of a YamlException.
        Gen.String[0, 400].Sample(
            text =>
            {
                try
                {
                    Parse("---\n" + text + "\n---\n");
                }
                catch (ArtifactException)
                {
                }
            },
            iter: 100,
            seed: "9s7_XMj9axK6");
    }

    [Fact]
    public async Task Front_matter_longer_than_the_first_read_is_read_whole_in_one_more_read()
    {
        var results = string.Concat(Enumerable.Range(0, 3000).Select(i => $"  - task: {{type: Classification}}\n    dataset: {{type: mteb/set{i}, name: Set {i}}}\n"));
        var readme = $"---\nlanguage: [en, de]\nmodel-index:\n- name: multilingual-e5-large-instruct\n  results:\n{results}---\n# Card\n";
        var source = new InMemoryArtifactSource().Add("README.md", Encoding.UTF8.GetBytes(readme));
        Assert.True(readme.Length > ModelCardReader.MaxBytes);

        var card = await ModelCardReader.ReadAsync(source, "README.md");

        Assert.Equal(2, source.Statistics.Reads);
        Assert.Equal(["en", "de"], card.Languages);
        Assert.Equal("multilingual-e5-large-instruct", Assert.Single(card.ModelIndex).Name);
        Assert.Equal(3000, card.ModelIndex[0].Results.Count);
    }

    [RealDataFact]
    public void Every_real_model_card_reads()
    {
        var cards = Directory.EnumerateFiles(RealData.HfConfigs, "README.md", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(cards);
        foreach (var path in cards)
        {
            var bytes = File.ReadAllBytes(path);
            var card = ModelCardReader.Parse(path, bytes.AsSpan(0, Math.Min(bytes.Length, ModelCardReader.MaxBytes)));
            Assert.Equal(path, card.File);
        }
    }
}
