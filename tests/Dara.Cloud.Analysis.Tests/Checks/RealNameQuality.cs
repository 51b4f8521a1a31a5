using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Checks;

/// <summary>The real models of labels.csv, each inspected once and checked under the name its files go by.</summary>
internal static class RealNameQuality
{
    private static readonly Lazy<IReadOnlyList<(LabelRow Row, string Name, ModelReport Report)>> s_models = new(Load);

    public static IReadOnlyList<(LabelRow Row, string Name, ModelReport Report)> Models => s_models.Value;

    /// <summary>
    /// The name a row's model goes by: the GitHub repository (owner/repo), or for a config in a model subfolder
    /// (mai-roberta-base/config.json) the owner and that folder — the names the recorded conflicts are about.
    /// </summary>
    public static string NameOf(LabelRow row)
    {
        var owner = row.GithubRepo.Split('/')[0];
        var folder = Path.GetDirectoryName(row.ConfigPath.Replace('\\', '/'));
        if (string.IsNullOrEmpty(folder))
        {
            return row.GithubRepo.TrimEnd('.');
        }

        var identity = ModelIdentity.NameOf(new LocalFolderSource(row.ModelFolder), row.ModelFolder);
        return identity.Contains('/', StringComparison.Ordinal) ? identity.TrimEnd('.') : $"{owner}/{identity}";
    }

    private static IReadOnlyList<(LabelRow, string, ModelReport)> Load() => LoadAsync().GetAwaiter().GetResult();

    private static async Task<IReadOnlyList<(LabelRow, string, ModelReport)>> LoadAsync()
    {
        var inspector = new ModelInspector();
        var models = new List<(LabelRow, string, ModelReport)>();
        foreach (var row in LabelsCsv.Read(RealData.LabelsCsv))
        {
            await using var source = new LocalFolderSource(row.ModelFolder);
            models.Add((row, NameOf(row), ModelReport.From(await inspector.InspectAsync(source))));
        }

        return models;
    }

    public static CheckResult Check(string name, ModelReport report) => NameChecker.Default.Check(name, report.Facts);
}
