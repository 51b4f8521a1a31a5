using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Grains.Analysis;

namespace Dara.Cloud.Grains.Tests.Analysis;

public sealed class AnalysisEngineTests
{
    private readonly AnalysisEngine _engine = new(new EngineIdentity(), TimeProvider.System);

    [Fact]
    public async Task An_outcome_carries_the_facts_the_document_was_checked_against()
    {
        await using var source = new UploadedArtifactSource(Artifacts.UploadHeadsOnly(), "acme/bert-sentiment");

        var outcome = await _engine.AnalyzeAsync(source, "acme/bert-sentiment", PolicyRecord.Default, "hash");

        using var document = JsonDocument.Parse(outcome.Verdict.DocumentJson);
        Assert.Equal(document.RootElement.GetProperty("facts").GetRawText(), outcome.FactsJson);
        Assert.Equal("distilbert", outcome.ModelType);
        Assert.Equal(14720, outcome.Parameters);
        Assert.NotNull(outcome.WeightSignature);
        Assert.Equal(document.RootElement.GetProperty("fingerprint").GetProperty("hash").GetString(), outcome.Verdict.ArchitectureHash);
        Assert.Equal("hash", outcome.Verdict.ContentHash);
    }

    [Fact]
    public async Task A_recheck_changes_only_what_the_check_decides()
    {
        await using var source = new UploadedArtifactSource(Artifacts.UploadHeadsOnly(), "acme/BERT_Sentiment");
        var analysed = await _engine.AnalyzeAsync(source, "acme/BERT_Sentiment", PolicyRecord.Default, "hash");

        var rechecked = _engine.Recheck("acme/BERT_Sentiment", analysed.FactsJson, PolicyRecord.Default with { Lowercase = true, Severity = "error" }, analysed.Verdict);

        using var before = JsonDocument.Parse(analysed.Verdict.DocumentJson);
        using var after = JsonDocument.Parse(rechecked.Verdict.DocumentJson);
        Assert.Equal("misnamed", rechecked.Verdict.Verdict);
        Assert.Equal(after.RootElement.GetProperty("score").GetInt32(), rechecked.Verdict.Score);
        foreach (var unchanged in new[] { "facts", "problems", "fingerprint" })
        {
            Assert.Equal(before.RootElement.GetProperty(unchanged).GetRawText(), after.RootElement.GetProperty(unchanged).GetRawText());
        }

        Assert.Equal(before.RootElement.EnumerateObject().Select(p => p.Name), after.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_source_that_cannot_be_listed_gives_an_unreadable_verdict()
    {
        var outcome = await _engine.AnalyzeAsync(new UnlistableSource(), "acme/gone", PolicyRecord.Default, "");

        Assert.Equal("unreadable", outcome.Verdict.Verdict);
        Assert.Null(outcome.Verdict.ArchitectureHash);
        Assert.Equal(["hf:acme/gone: no such model on the Hub"], outcome.Problems);
        using var document = JsonDocument.Parse(outcome.Verdict.DocumentJson);
        Assert.Equal("unreadable", document.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public void The_duplicate_finding_joins_the_codes_and_the_documents_findings_without_changing_the_score()
    {
        var verdict = new VerdictRecord("ok", 95, "acme/x", ["convention"], """{"verdict":"ok","score":95,"findings":[{"code":"convention"}]}""", "v", null, "h", "a", DateTimeOffset.UnixEpoch);

        var marked = DuplicateFindings.Apply(verdict, ["acme/a", "acme/b", "acme/c", "acme/d"]);

        Assert.Equal(["convention", "duplicate-upload"], marked.FindingCodes);
        Assert.Equal(95, marked.Score);
        using var document = JsonDocument.Parse(marked.DocumentJson);
        var finding = document.RootElement.GetProperty("findings")[1];
        Assert.Equal("duplicate-upload", finding.GetProperty("code").GetString());
        Assert.Contains("acme/a, acme/b, acme/c and 1 more", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Same(verdict, DuplicateFindings.Apply(verdict, []));
        Assert.Same(marked, DuplicateFindings.Apply(marked, ["acme/a"]));
    }

    [Fact]
    public void Facts_written_by_the_engine_read_back_equal()
    {
        var facts = new Dara.Cloud.Analysis.Facts.ModelFacts
        {
            ModelType = "bert",
            Architectures = ["BertForMaskedLM"],
            Parameters = 110_000_000,
            ParametersByDType = new Dictionary<string, long> { ["F32"] = 110_000_000 },
            Evidence = new Dictionary<string, string> { ["model_type"] = "config.json: model_type" },
            CardLanguages = ["en"],
        };

        var json = EngineJson.Serialize(facts);

        Assert.Equal(json, EngineJson.Serialize(EngineJson.DeserializeFacts(json)));
    }

    private sealed class UnlistableSource : IArtifactSource
    {
        public string Description => "hf:acme/gone@main";

        public string? RepoId => "acme/gone";

        public string? Revision => null;

        public ReadStatistics Statistics { get; } = new();

        public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            throw new ArtifactException("hf:acme/gone", "no such model on the Hub");

        public Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
