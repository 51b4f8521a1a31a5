using Dara.Cloud.Portal.Components.Detail;

namespace Dara.Cloud.Portal.Components.Tests.Detail;

/// <summary>What accepting a review takes: the rename, the findings when the name already fits, or nothing.</summary>
public sealed class ReviewAcceptanceTests
{
    private static readonly TenantId Acme = new("acme");

    [Theory]
    [InlineData("acme/bert-base-sst2", "acme/roberta-base-sst2", "misnamed", ReviewAcceptance.Rename)]
    [InlineData("acme/bert_base", "acme/bert-base", "ok", ReviewAcceptance.Rename)]
    [InlineData("acme/Bert-Base", "acme/bert-base", "ok", ReviewAcceptance.Rename)]
    [InlineData("Acme/bert-base", "acme/bert-base", "ok", ReviewAcceptance.Rename)]
    [InlineData("acme/bert-base", "acme/bert-base", "ok", ReviewAcceptance.Nothing)]
    [InlineData("acme/bert-base", "acme/bert-base", "unreadable", ReviewAcceptance.Nothing)]
    [InlineData("acme/bert-base", "acme/bert-base", "suspicious", ReviewAcceptance.Findings)]
    [InlineData("acme/bert-base", "acme/bert-base", "misnamed", ReviewAcceptance.Findings)]
    public void The_suggested_name_is_compared_exactly_with_the_owner_and_a_fitting_name_accepts_only_flagged_findings(
        string current, string suggested, string verdict, ReviewAcceptance expected) =>
        Assert.Equal(expected, ReviewAcceptances.Of(current, suggested, verdict));

    [Fact]
    public void A_model_is_judged_by_its_id_and_its_current_verdict()
    {
        var renamed = Model("acme/bert-base", Verdict("acme/roberta-base", "misnamed"));
        var fits = Model("acme/bert-base", Verdict("acme/bert-base", "ok"));
        var neverAnalysed = Model("acme/bert-base", null);

        Assert.Equal(ReviewAcceptance.Rename, ReviewAcceptances.Of(renamed));
        Assert.Equal(ReviewAcceptance.Nothing, ReviewAcceptances.Of(fits));
        Assert.Equal(ReviewAcceptance.Nothing, ReviewAcceptances.Of(neverAnalysed));
        Assert.Null(ReviewAcceptances.AcceptProblem(renamed));
        Assert.Equal(
            "There is nothing to accept: acme/bert-base's name already fits and its verdict flags nothing.",
            ReviewAcceptances.AcceptProblem(fits));
    }

    [Fact]
    public void The_accept_button_says_what_it_accepts()
    {
        Assert.Equal("Accept the rename", ReviewAcceptances.Label(ReviewAcceptance.Rename));
        Assert.Equal("Accept the findings", ReviewAcceptances.Label(ReviewAcceptance.Findings));
        Assert.Null(ReviewAcceptances.Label(ReviewAcceptance.Nothing));
    }

    private static ModelView Model(string repoId, VerdictRecord? current) =>
        new(ModelKey.Parse(Acme, repoId), ModelOrigin.Upload, current, [], ReviewState.Open, []);

    private static VerdictRecord Verdict(string suggested, string verdict) =>
        new(verdict, verdict == "ok" ? 100 : 40, suggested, verdict == "ok" ? [] : ["architecture-mismatch"], "{}", "1.0.0", null, "hash", null, Samples.Now);
}
