using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Testing;
using Xunit.Abstractions;

namespace Dara.Cloud.Analysis.Tests.Checks;

/// <summary>The quality targets on the real data (labels.csv), with the figures printed for the README.</summary>
public sealed class RealDataQualityTests(ITestOutputHelper output)
{
    /// <summary>Well-known names of distinct families, to check each real model under a name that is not its own.</summary>
    private static readonly string[] WellKnownNames =
    [
        "meta-llama/Llama-2-7b-hf", "google-bert/bert-base-uncased", "openai-community/gpt2", "google-t5/t5-base",
        "openai/whisper-small", "google/vit-base-patch16-224", "facebook/bart-large", "Qwen/Qwen2-7B",
    ];

    [RealDataFact]
    public void Every_recorded_family_size_or_task_conflict_is_flagged_with_a_finding_of_its_kind()
    {
        var conflicts = RealNameQuality.Models.Where(m => Kinds(m.Row.ConflictType).Any()).ToList();
        Assert.NotEmpty(conflicts);
        foreach (var (row, name, report) in conflicts)
        {
            var result = RealNameQuality.Check(name, report);
            output.WriteLine($"{name} [{row.ConflictType}] → {result.Verdict} {string.Join(", ", result.Findings.Select(f => f.Code))}");
            Assert.True(result.Verdict is Verdict.Suspicious or Verdict.Misnamed, $"{name}: {result.Verdict}");
            foreach (var kind in Kinds(row.ConflictType))
            {
                Assert.True(result.Findings.Any(f => f.Code == kind && f.Severity >= Severity.Warning), $"{name}: no {kind} ({row.NameConflict})");
            }
        }
    }

    [RealDataFact]
    public void Legacy_model_types_and_known_conventions_are_not_misnamed()
    {
        var rows = RealNameQuality.Models.Where(m => m.Row.ConflictType.Contains("legacy", StringComparison.Ordinal) || m.Row.ConflictType.Contains("known_convention", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        foreach (var (_, name, report) in rows)
        {
            var result = RealNameQuality.Check(name, report);
            output.WriteLine($"{name} → {result.Verdict} {string.Join(", ", result.Findings.Select(f => $"{f.Code}:{f.Severity}"))}");
            Assert.NotEqual(Verdict.Misnamed, result.Verdict);
        }
    }

    [RealDataFact]
    public void At_most_ten_percent_of_models_without_a_recorded_conflict_come_out_misnamed()
    {
        var clean = RealNameQuality.Models.Where(m => m.Row.ConflictType.Length == 0 || m.Row.ConflictType.StartsWith("ambiguous", StringComparison.Ordinal)).ToList();
        var misnamed = clean.Select(m => RealNameQuality.Check(m.Name, m.Report)).Where(r => r.Verdict == Verdict.Misnamed).ToList();
        foreach (var result in misnamed)
        {
            output.WriteLine($"misnamed: {result.Name}: {string.Join("; ", result.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Message))}");
        }

        var share = (double)misnamed.Count / clean.Count;
        output.WriteLine($"{misnamed.Count} of {clean.Count} rows without a recorded conflict are misnamed ({share:P1})");
        Assert.True(share <= 0.10, $"{share:P1} misnamed");
    }

    [RealDataFact]
    public void Real_models_under_a_well_known_name_of_another_family_get_an_architecture_mismatch()
    {
        var vocabulary = NamingVocabulary.Default;
        var trials = 0;
        var caught = 0;
        foreach (var (_, _, report) in RealNameQuality.Models.Where(m => m.Report.Facts.ModelType is not null))
        {
            var family = vocabulary.FamilyOf(report.Facts.ModelType!);
            var other = WellKnownNames.First(n => NameParser.Default.Parse(n).Architectures.All(a => vocabulary.FamilyOf(a) != family));
            var result = RealNameQuality.Check(other, report);
            trials++;
            if (result.Findings.Any(f => f.Code == FindingCodes.ArchitectureMismatch))
            {
                caught++;
            }
            else
            {
                output.WriteLine($"not caught: {report.Facts.ModelType} as {other}");
            }
        }

        output.WriteLine($"architecture swaps caught: {caught} of {trials} ({(double)caught / trials:P1})");
        Assert.True(caught >= 0.95 * trials, $"{caught} of {trials}");
    }

    [RealDataFact]
    public void Real_names_with_their_size_swapped_get_a_size_mismatch()
    {
        var trials = 0;
        var caught = 0;
        foreach (var (_, name, report) in RealNameQuality.Models)
        {
            if (SizeSwapped(name) is not { } swapped)
            {
                continue;
            }

            trials++;
            var result = RealNameQuality.Check(swapped, report);
            if (result.Findings.Any(f => f.Code == FindingCodes.SizeMismatch && f.Severity >= Severity.Warning))
            {
                caught++;
            }
            else
            {
                output.WriteLine($"not caught: {name} → {swapped} ({report.Facts.Parameters} parameters, {report.Facts.Blocks}×{report.Facts.HiddenSize})");
            }
        }

        output.WriteLine($"size swaps caught: {caught} of {trials} ({(double)caught / trials:P1})");
        Assert.True(trials >= 10, $"only {trials} names with a size");
        Assert.True(caught >= 0.8 * trials, $"{caught} of {trials}");
    }

    /// <summary>base ↔ large, or a parameter count ×10 (7b → 70b); null when the name states no size.</summary>
    internal static string? SizeSwapped(string name)
    {
        var parsed = NameParser.Default.Parse(name);
        var owner = parsed.Owner is null ? string.Empty : parsed.Owner + "/";
        var size = parsed.Elements.FirstOrDefault(e => e.Code == ElementCode.S && e.Value is "base" or "large");
        if (size.Text is not null)
        {
            var replacement = size.Value == "base" ? "large" : "base";
            return owner + parsed.Name[..size.Start] + MatchCase(size.Text, replacement) + parsed.Name[(size.Start + size.Length)..];
        }

        var count = parsed.Elements.FirstOrDefault(e => e.Code == ElementCode.P && !e.Value.Contains('x', StringComparison.Ordinal));
        if (count.Text is not null && long.TryParse(count.Value, out var claimed))
        {
            return owner + parsed.Name[..count.Start] + ParameterText.Format(claimed * 10, count.Text) + parsed.Name[(count.Start + count.Length)..];
        }

        return null;
    }

    private static string MatchCase(string model, string word) =>
        model.All(c => !char.IsLetter(c) || char.IsLower(c)) ? word : char.IsUpper(model[0]) && model.Skip(1).All(c => !char.IsLetter(c) || char.IsLower(c)) ? char.ToUpperInvariant(word[0]) + word[1..] : word.ToUpperInvariant();

    private static IEnumerable<string> Kinds(string conflictType)
    {
        if (conflictType.Contains("family_mismatch", StringComparison.Ordinal))
        {
            yield return FindingCodes.ArchitectureMismatch;
        }

        if (conflictType.Contains("size_mismatch", StringComparison.Ordinal))
        {
            yield return FindingCodes.SizeMismatch;
        }

        if (conflictType.Contains("task_mismatch", StringComparison.Ordinal))
        {
            yield return FindingCodes.TaskMismatch;
        }
    }
}
