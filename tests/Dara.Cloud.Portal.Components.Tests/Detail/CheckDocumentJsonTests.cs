using System.Text.Json;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Fingerprinting;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Reports;

namespace Dara.Cloud.Portal.Components.Tests.Detail;

/// <summary>The components take a parsed verdict document: what the engine writes must read back whole.</summary>
public sealed class CheckDocumentJsonTests
{
    [Fact]
    public void A_check_document_reads_back_as_written()
    {
        var result = NameChecker.Default.Check("acme/llama-7b-sentiment", Samples.BertClassifier);
        var document = new CheckDocument(
            result.Name,
            result.Verdict,
            result.Score,
            ElementDocument.From(result.Elements),
            result.Facts,
            result.Findings,
            result.SuggestedName,
            ["language: the card lists no language"],
            [new ArtifactProblem("pytorch_model.bin", "pickle files are not read")],
            new FingerprintDocument("ab12", "tensors", 27, 40, new RepeatedBlocks("encoder.layer.{n}", 12),
                new Dictionary<string, int> { ["Linear"] = 73, ["LayerNorm"] = 25 }, 31, 12, null));
        Assert.NotEmpty(document.Findings);

        var json = EngineJson.Serialize(document);
        var read = JsonSerializer.Deserialize(json, EngineJson.Context.CheckDocument);

        Assert.NotNull(read);
        Assert.Equal(json, EngineJson.Serialize(read));
        Assert.Equal(document.Verdict, read.Verdict);
        Assert.Equal(document.Findings, read.Findings);
        Assert.Equal(document.Elements, read.Elements);
        Assert.Equal(document.Facts.Parameters, read.Facts.Parameters);
        Assert.Equal(document.Facts.Evidence, read.Facts.Evidence);
        Assert.Equal(document.Fingerprint.Blocks, read.Fingerprint.Blocks);
        Assert.Equal(document.Problems, read.Problems);
        Assert.Contains("\"suggested_name\":", json, StringComparison.Ordinal);
    }
}
