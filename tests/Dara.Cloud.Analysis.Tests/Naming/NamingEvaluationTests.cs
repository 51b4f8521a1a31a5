using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Tests.Naming;

public sealed class NamingEvaluationTests
{
    [Fact]
    public void Codes_are_compared_as_per_name_sets()
    {
        // albert-base-v2 parses to A S V; the label misses V and adds D.
        var labels = LabelsJson.Parse("""{"google/albert-base-v2": ["A", "S", "D"]}""");

        var evaluation = NamingEvaluation.Run(labels, NameParser.Default);

        Assert.Equal(1, evaluation.Names);
        Assert.Equal(new ScoreCounts(1, 0, 0), evaluation[ElementCode.A]);
        Assert.Equal(new ScoreCounts(0, 1, 0), evaluation[ElementCode.V]);
        Assert.Equal(new ScoreCounts(0, 0, 1), evaluation[ElementCode.D]);
        Assert.Equal(new ScoreCounts(2, 1, 1), evaluation.Micro);
        Assert.Equal(2.0 / 3, evaluation.Micro.Precision, 6);
        Assert.Equal(2.0 / 3, evaluation.Micro.F1, 6);
    }

    [Fact]
    public void Formats_and_precisions_count_as_other_because_the_labels_file_them_there()
    {
        var labels = LabelsJson.Parse("""{"TheBloke/llama-13b-GPTQ": ["A", "P", "O"]}""");

        var evaluation = NamingEvaluation.Run(labels, NameParser.Default);

        Assert.Equal(new ScoreCounts(1, 0, 0), evaluation[ElementCode.O]);
        Assert.DoesNotContain(evaluation.Codes, c => c.Code is ElementCode.Q or ElementCode.W);
        Assert.Equal(1.0, evaluation.Micro.F1);
    }

    [Fact]
    public void Disagreements_name_the_token_and_an_example()
    {
        var labels = LabelsJson.Parse("""{"a/albert-base-v2": ["A", "S"], "b/bert-base-v2": ["A", "S"], "c/gpt2-v2": ["A"]}""");

        var evaluation = NamingEvaluation.Run(labels, NameParser.Default);

        var top = evaluation.Disagreements[0];
        Assert.Equal((ElementCode.V, DisagreementKind.Extra, "v2", 3), (top.Code, top.Kind, top.Token, top.Count));
        Assert.Equal("a/albert-base-v2", top.Example);
    }

    [Fact]
    public void The_split_is_deterministic_and_halves_cover_everything()
    {
        var names = Enumerable.Range(0, 400).Select(i => $"owner/model-{i}").ToArray();
        var json = "{" + string.Join(',', names.Select(n => $"\"{n}\": [\"O\"]")) + "}";
        var labels = LabelsJson.Parse(json);

        var development = NamingEvaluation.Run(labels, NameParser.Default, NamingSplit.Development);
        var heldOut = NamingEvaluation.Run(labels, NameParser.Default, NamingSplit.HeldOut);

        Assert.Equal(400, development.Names + heldOut.Names);
        Assert.InRange(heldOut.Names, 150, 250);
        Assert.Equal(names.Select(NamingLabels.IsHeldOut), names.Select(NamingLabels.IsHeldOut));
    }

    [Fact]
    public void A_missing_labels_file_is_an_artifact_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dara-missing-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<ArtifactException>(() => NamingLabels.Load(path));

        Assert.Equal(path, error.File);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_labels_file_without_an_end_is_refused_at_the_cap()
    {
        // /dev/zero says it is empty and never ends: read whole, it overflowed the JSON reader.
        var error = Assert.Throws<ArtifactException>(() => NamingLabels.Load("/dev/zero"));

        Assert.Equal("/dev/zero", error.File);
        Assert.Contains("holds more than", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\": [\"A\"", "invalid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"a\": \"A\"}", "not a list of codes")]
    [InlineData("{\"a\": [\"Z\"]}", "unknown element code")]
    [InlineData("{\"a\": [\"AB\"]}", "unknown element code")]
    [InlineData("{\"a\": [7]}", "unknown element code")]
    [InlineData("{\"\\ud800\": [\"A\"]}", "is not valid JSON text")]
    [InlineData("{\"a\\nb\": \"A\"}", "labels of 'a b' are not a list of codes")]
    public void Malformed_labels_are_artifact_errors_saying_what_is_wrong(string json, string problem)
    {
        var error = Assert.Throws<ArtifactException>(() => LabelsJson.Parse(json));

        Assert.Equal("labels.json", error.File);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
