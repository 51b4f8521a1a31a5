using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Portal.Components.Settings;

namespace Dara.Cloud.Portal.Components.Tests.Settings;

public sealed class PolicyMappingTests
{
    [Fact]
    public void The_default_record_is_the_engine_default()
    {
        var policy = PolicyMapping.ToNamingPolicy(PolicyRecord.Default);

        Assert.Equal(NamingPolicy.Default.Order, policy.Order);
        Assert.Equal(NamingPolicy.Default.Separator, policy.Separator);
        Assert.Equal(NamingPolicy.Default.Severity, policy.Severity);
        Assert.Equal(NamingPolicy.Default.MaxLength, policy.MaxLength);
        Assert.Equal(NamingPolicy.Default.RequireArchitecture, policy.RequireArchitecture);
    }

    [Fact]
    public void A_policy_maps_there_and_back()
    {
        var record = new PolicyRecord(false, true, true, ["T", "A", "S"], "_", true, 64, ["tmp", "final"], "warning");

        var naming = PolicyMapping.ToNamingPolicy(record);
        var back = PolicyMapping.FromNamingPolicy(naming);

        Assert.Equal([ElementCode.T, ElementCode.A, ElementCode.S], naming.Order);
        Assert.Equal('_', naming.Separator);
        Assert.Equal(Severity.Warning, naming.Severity);
        Assert.True(PolicyEditor.SamePolicy(record, back));
    }

    [Fact]
    public void No_separator_allows_any()
    {
        var naming = PolicyMapping.ToNamingPolicy(PolicyRecord.Default with { Separator = null });

        Assert.Null(naming.Separator);
    }

    [Theory]
    [InlineData("0", "'0' is not a naming element code")]
    [InlineData("a", "'a' is not a naming element code")]
    [InlineData("AT", "'AT' is not a naming element code")]
    public void Unknown_element_codes_are_refused(string code, string problem)
    {
        Assert.False(PolicyMapping.TryToNamingPolicy(PolicyRecord.Default with { Order = [code] }, out _, out var why));
        Assert.StartsWith(problem, why, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_severities_long_separators_and_silly_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PolicyMapping.ToNamingPolicy(PolicyRecord.Default with { Severity = "fatal" }));
        Assert.Throws<ArgumentException>(() => PolicyMapping.ToNamingPolicy(PolicyRecord.Default with { Separator = "--" }));
        Assert.Throws<ArgumentException>(() => PolicyMapping.ToNamingPolicy(PolicyRecord.Default with { MaxLength = 0 }));
    }
}
