using Dara.Cloud.Registry.Webhooks;

namespace Dara.Cloud.Registry.Tests;

public sealed class WebhookSecretTests
{
    [Fact]
    public void A_generated_secret_is_ascii_and_matches_only_its_own_hash()
    {
        var secret = WebhookSecret.Generate();
        var other = WebhookSecret.Generate();
        var stored = WebhookSecret.Hash(secret);

        Assert.All(secret, c => Assert.InRange(c, '!', '~'));
        Assert.Equal(43, secret.Length);
        Assert.NotEqual(secret, other);
        Assert.True(WebhookSecret.Matches(secret, stored));
        Assert.False(WebhookSecret.Matches(other, stored));
        Assert.False(WebhookSecret.Matches(secret.ToUpperInvariant() == secret ? secret.ToLowerInvariant() : secret.ToUpperInvariant(), stored));
    }

    [Fact]
    public void A_missing_secret_or_a_stored_hash_of_the_wrong_size_never_matches()
    {
        Assert.False(WebhookSecret.Matches(null, WebhookSecret.Hash("")));
        Assert.False(WebhookSecret.Matches("", WebhookSecret.Hash("")));
        Assert.False(WebhookSecret.Matches("secret", new byte[16]));
    }
}
