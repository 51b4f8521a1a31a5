using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Portal.Ui;

namespace Dara.Cloud.Portal.Tests.Ui;

public sealed class UiHelpersTests
{
    [Theory]
    [InlineData("Acme Research Lab", "acme-research-lab")]
    [InlineData("  ACME -- Models!! ", "acme-models")]
    [InlineData("Ünïcode 42", "unicode-42")]
    [InlineData("Zürich AI Lab", "zurich-ai-lab")]
    [InlineData("Søndergaard & Łódź Æsir", "sondergaard-lodz-aesir")]
    [InlineData("!!!", "")]
    public void An_organization_id_is_suggested_from_its_name(string name, string id) => Assert.Equal(id, TenantIds.Suggest(name));

    [Fact]
    public void A_suggested_id_is_a_valid_tenant_id_of_at_most_40_characters()
    {
        var id = TenantIds.Suggest(string.Join(' ', Enumerable.Repeat("research", 20)));

        Assert.True(id.Length <= 40);
        Assert.True(TenantId.TryParse(id, out _));
    }

    [Theory]
    [InlineData("/orgs/acme", "/orgs/acme")]
    [InlineData("/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("orgs/acme", "/")]
    public void After_sign_in_only_local_paths_are_followed(string? returnUrl, string expected) =>
        Assert.Equal(expected, SignInPaths.LocalOrHome(returnUrl));

    [Theory]
    [InlineData("/api/orgs", true)]
    [InlineData("/API/check", true)]
    [InlineData("/openapi/v1.json", true)]
    [InlineData("/apis", false)]
    [InlineData("/orgs/acme", false)]
    [InlineData("/", false)]
    public void Api_paths_are_told_apart_from_pages(string path, bool api) => Assert.Equal(api, SignInPaths.IsApi(path));

    [Fact]
    public void A_verdict_with_classifier_predictions_yields_each_heads_top_three_most_likely_first()
    {
        var prediction = new PredictionRecord(
            ModelType: [new("bert", 0.05), new("roberta", 0.9), new("xlm-roberta", 0.01), new("electra", 0.04)],
            Arch: [],
            Task: [new("text-classification", 1.2)],
            Abstained: false,
            AbstentionReason: null);

        var heads = ClassifierHeads.Read(prediction);

        Assert.Collection(
            heads,
            head =>
            {
                Assert.Equal("Model type", head.Title);
                Assert.Equal(["roberta", "bert", "electra"], head.Top.Select(p => p.Label));
            },
            head =>
            {
                Assert.Equal("Task", head.Title);
                Assert.Equal(1.0, head.Top.Single().Probability);
            });
    }

    [Fact]
    public void A_verdict_without_a_prediction_shows_no_classifier() => Assert.Empty(ClassifierHeads.Read(null));
}
