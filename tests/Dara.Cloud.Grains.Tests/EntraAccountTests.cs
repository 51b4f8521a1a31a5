namespace Dara.Cloud.Grains.Tests;

/// <summary>Entra accounts and e-mail addresses: the first account to prove an address holds it, and signs in as it for good.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EntraAccountTests(ClusterFixture fixture)
{
    private static string NewAddress() => $"user-{Guid.NewGuid():N}@contoso.example";

    private static EntraAccount NewAccount(string? tenantId = null) =>
        new(tenantId ?? Guid.NewGuid().ToString("D"), Guid.NewGuid().ToString("D"));

    private Task<string> SignInAsync(EntraAccount account, string? verifiedEmail) =>
        fixture.Client.GetGrain<IEntraAccountGrain>(account.UserId).SignInAsync(verifiedEmail);

    [Fact]
    public async Task An_address_is_bound_to_the_first_account_that_proves_it()
    {
        var address = fixture.Client.GetGrain<IUserGrain>(NewAddress());
        var first = NewAccount();
        var second = NewAccount();

        Assert.True(await address.BindEntraAccountAsync(first));
        Assert.True(await address.BindEntraAccountAsync(first with { }));
        Assert.False(await address.BindEntraAccountAsync(second));

        await fixture.DeactivateAsync(address);
        Assert.False(await address.BindEntraAccountAsync(second));
        Assert.True(await address.BindEntraAccountAsync(first));
    }

    [Fact]
    public async Task An_account_that_claimed_an_address_signs_in_as_it_whatever_its_tokens_show_later()
    {
        var address = NewAddress();
        var account = NewAccount();

        Assert.Equal(address, await SignInAsync(account, address.ToUpperInvariant()));
        Assert.Equal(address, await SignInAsync(account, null));
        Assert.Equal(address, await SignInAsync(account, NewAddress()));
        await fixture.DeactivateAsync(fixture.Client.GetGrain<IEntraAccountGrain>(account.UserId));
        Assert.Equal(address, await SignInAsync(account, null));
    }

    [Fact]
    public async Task Another_tenants_account_proving_the_same_address_signs_in_as_itself()
    {
        var address = NewAddress();
        var owner = NewAccount();
        var other = NewAccount();
        Assert.Equal(address, await SignInAsync(owner, address));

        Assert.Equal(other.UserId, await SignInAsync(other, address));
        Assert.Equal(other.UserId, await SignInAsync(other, null));
        Assert.Equal(address, await SignInAsync(owner, null));
    }

    [Fact]
    public async Task Without_a_proven_address_an_account_is_its_own_user_until_it_proves_one()
    {
        var address = NewAddress();
        var account = NewAccount();

        Assert.Equal(account.UserId, await SignInAsync(account, null));
        Assert.StartsWith("entra:", account.UserId, StringComparison.Ordinal);
        Assert.Equal(address, await SignInAsync(account, address));
    }

    [Fact]
    public async Task An_account_that_belongs_to_organizations_under_its_own_id_keeps_that_id()
    {
        var address = NewAddress();
        var account = NewAccount();
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.Client.GetGrain<IUserGrain>(account.UserId).JoinAsync(tenant);

        Assert.Equal(account.UserId, await SignInAsync(account, address));

        // The address was left unclaimed, for whoever proves it next.
        var next = NewAccount();
        Assert.Equal(address, await SignInAsync(next, address));
    }

    [Theory]
    [InlineData("entra:6B1E0A5C-0000-4000-8000-000000000001:0A1B0000-0000-4000-8000-00000000000F", true)]
    [InlineData("entra:6b1e0a5c-0000-4000-8000-000000000001", false)]
    [InlineData("entra:not-a-guid:0a1b0000-0000-4000-8000-00000000000f", false)]
    [InlineData("0a1b0000-0000-4000-8000-00000000000f", false)]
    [InlineData("alice@contoso.example", false)]
    public void An_account_id_is_the_tenant_and_the_object_id_together(string userId, bool valid)
    {
        Assert.Equal(valid, EntraAccount.TryParse(userId, out var account));
        if (valid)
        {
            Assert.Equal(userId.ToLowerInvariant(), account!.UserId);
        }
    }
}
