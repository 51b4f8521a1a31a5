using Dara.Cloud.Portal.Components.Shell;

namespace Dara.Cloud.Portal.Components.Tests.Shell;

public sealed class RelativeTimeTests : ClockedComponentTest
{
    [Theory]
    [InlineData(-30, "just now")]
    [InlineData(20, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(59 * 60, "59 minutes ago")]
    [InlineData(3 * 3600 + 120, "3 hours ago")]
    [InlineData(26 * 3600, "1 day ago")]
    [InlineData(6 * 86400, "6 days ago")]
    [InlineData(8 * 86400, "on 2025-05-24")]
    public void A_moment_is_said_as_how_long_ago_it_was_and_as_a_date_past_a_week(int secondsAgo, string expected) =>
        Assert.Equal(expected, RelativeTime.Describe(Samples.Now.AddSeconds(-secondsAgo), Samples.Now));

    [Fact]
    public void The_exact_utc_time_is_the_tooltip_and_the_machine_readable_datetime()
    {
        var at = new DateTimeOffset(2025, 6, 1, 13, 54, 53, TimeSpan.FromHours(2));

        var time = Context.Render<RelativeTime>(p => p.Add(c => c.At, at)).Find("time");

        Assert.Equal("5 minutes ago", time.TextContent);
        Assert.Equal("2025-06-01 11:54:53 UTC", time.GetAttribute("title"));
        Assert.Equal("2025-06-01T11:54:53.0000000Z", time.GetAttribute("datetime"));
    }
}
