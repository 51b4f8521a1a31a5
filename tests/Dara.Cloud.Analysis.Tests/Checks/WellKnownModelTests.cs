using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;

namespace Dara.Cloud.Analysis.Tests.Checks;

/// <summary>
/// Hundreds of published models, each checked under its own name against its own config's model_type and head: a
/// family's later releases (qwen3_moe, olmo2, gemma3n), brands built on another architecture and words that also mean
/// something else must not read as another architecture, while the known naming problems in the list still do.
/// </summary>
public sealed class WellKnownModelTests
{
    [Fact]
    public void Published_models_under_their_own_configs_get_an_architecture_mismatch_only_where_the_name_is_known_to_be_wrong()
    {
        var rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Checks", "WellKnownModels.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .ToList();

        var wrong = rows
            .Select(row => (Name: row[0], Expected: row[3] == "mismatch", Result: NameChecker.Default.Check(row[0], Config(row[1], row[2]))))
            .Where(r => r.Result.Findings.Any(f => f.Code == FindingCodes.ArchitectureMismatch) != r.Expected)
            .Select(r => $"{r.Name}: {(r.Expected ? "no architecture-mismatch" : string.Join("; ", r.Result.Findings.Select(f => f.Message)))}")
            .ToList();

        Assert.True(rows.Count > 300, $"only {rows.Count} rows read");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private static ModelFacts Config(string modelType, string head) => new()
    {
        ModelType = modelType,
        Architectures = [head],
        HeadClass = head,
        ImpliedTask = HeadClassTasks.TaskFor(head, Modality.Unknown, modelType),
        Evidence = new Dictionary<string, string> { ["model_type"] = "config.json: model_type" },
    };
}
