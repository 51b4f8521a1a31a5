using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Grains.Analysis;

namespace Dara.Cloud.Grains.Tests.Analysis;

public sealed class PolicyMappingTests
{
    [Fact]
    public void The_contracts_default_policy_is_the_engines_default()
    {
        var mapped = PolicyMapping.ToNamingPolicy(PolicyRecord.Default);

        Assert.Equal(NamingPolicy.Default with { Order = mapped.Order, ForbiddenWords = mapped.ForbiddenWords }, mapped);
        Assert.Equal(NamingPolicy.Default.Order, mapped.Order);
        Assert.Empty(mapped.ForbiddenWords);
    }

    [Fact]
    public void A_policy_maps_to_the_engine_and_back_unchanged()
    {
        var policy = new PolicyRecord(false, true, true, ["T", "A", "S"], "_", true, 64, ["tmp", "final"], "error",
            [new AcceptedFindingRecord("architecture-mismatch", "llama"), new AcceptedFindingRecord("uninformative-name", null)]);

        var engine = PolicyMapping.ToNamingPolicy(policy);
        var back = PolicyMapping.FromNamingPolicy(engine);

        Assert.Equal([ElementCode.T, ElementCode.A, ElementCode.S], engine.Order);
        Assert.Equal('_', engine.Separator);
        Assert.Equal(Severity.Error, engine.Severity);
        Assert.Equal([new AcceptedFinding("architecture-mismatch", "llama"), new AcceptedFinding("uninformative-name", null)], engine.AcceptedFindings);
        Assert.Equal(policy.Order, back.Order);
        Assert.Equal(policy.ForbiddenWords, back.ForbiddenWords);
        Assert.Equal(policy.AcceptedFindings, back.AcceptedFindings!);
        Assert.Equal(policy with { Order = back.Order, ForbiddenWords = back.ForbiddenWords, AcceptedFindings = back.AcceptedFindings }, back);
    }

    [Theory]
    [InlineData("looks-odd", "x", "'looks-odd' is not a finding code")]
    [InlineData("architecture-mismatch", null, null)]
    public void An_accepted_finding_must_name_a_finding_code(string code, string? claimed, string? problem)
    {
        var policy = PolicyRecord.Default with { AcceptedFindings = [new AcceptedFindingRecord(code, claimed)] };

        var valid = PolicyMapping.TryToNamingPolicy(policy, out _, out var said);

        Assert.Equal(problem is null, valid);
        if (problem is not null)
        {
            Assert.StartsWith(problem, said, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_separator_means_any_separator()
    {
        Assert.Null(PolicyMapping.ToNamingPolicy(PolicyRecord.Default with { Separator = null }).Separator);
        Assert.Null(PolicyMapping.FromNamingPolicy(NamingPolicy.Default with { Separator = null }).Separator);
    }

    [Theory]
    [InlineData("Z", "info", "-", 96)]
    [InlineData("a", "info", "-", 96)]
    [InlineData("A", "fatal", "-", 96)]
    [InlineData("A", "info", "--", 96)]
    [InlineData("A", "info", "-", 0)]
    public void A_policy_the_engine_cannot_follow_is_refused(string element, string severity, string separator, int maxLength) =>
        Assert.Throws<ArgumentException>(() => PolicyMapping.ToNamingPolicy(PolicyRecord.Default with { Order = [element], Severity = severity, Separator = separator, MaxLength = maxLength }));

    [Theory]
    [InlineData("0", "'0' is not a naming element code")]
    [InlineData("a", "'a' is not a naming element code")]
    [InlineData("AT", "'AT' is not a naming element code")]
    public void An_editor_is_told_why_an_element_code_is_refused(string code, string problem)
    {
        Assert.False(PolicyMapping.TryToNamingPolicy(PolicyRecord.Default with { Order = [code] }, out _, out var why));
        Assert.StartsWith(problem, why, StringComparison.Ordinal);
    }
}
