using Microsoft.Extensions.Logging;

namespace Dara.Cloud.Grains.Users;

/// <summary>
/// One Entra ID account (key: <see cref="EntraAccount.UserId"/>): remembers the e-mail address it claimed, so the
/// account signs in as that user from then on by its tenant and object id alone, whatever address its tokens show later.
/// </summary>
internal sealed partial class EntraAccountGrain(
    [PersistentState(EntraAccountGrain.StateName, DaraStorage.Grains)] IPersistentState<EntraAccountState> state,
    ILogger<EntraAccountGrain> logger)
    : Grain, IEntraAccountGrain
{
    public const string StateName = "entra-account";

    private EntraAccount Account => EntraAccount.TryParse(this.GetPrimaryKeyString(), out var account)
        ? account
        : throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not an Entra account id.");

    async Task<string> IEntraAccountGrain.SignInAsync(string? verifiedEmail)
    {
        if (state.State.UserId is { } claimed)
        {
            return claimed;
        }

        var account = Account;
        var address = verifiedEmail?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(address) || address.StartsWith(EntraAccount.Prefix, StringComparison.Ordinal))
        {
            return account.UserId;
        }

        // Claiming the address now would strand whatever the account joined or created under its own id (an
        // organization it owns would be left without a reachable owner): it stays known by that id.
        if ((await GrainFactory.GetGrain<IUserGrain>(account.UserId).GetOrganizationsAsync()).Count > 0)
        {
            LogKeptOwnId(logger, account.UserId);
            return account.UserId;
        }

        if (!await GrainFactory.GetGrain<IUserGrain>(address).BindEntraAccountAsync(account))
        {
            LogAddressHeldByAnother(logger, account.UserId);
            return account.UserId;
        }

        state.State = state.State with { UserId = address };
        await state.WriteStateAsync();
        return address;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Entra account {Account} proved an address but keeps its own id: it belongs to organizations under that id")]
    private static partial void LogKeptOwnId(ILogger logger, string account);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entra account {Account} showed an address another Entra account holds: it signs in as itself, not as that user")]
    private static partial void LogAddressHeldByAnother(ILogger logger, string account);
}

/// <summary>What an Entra account remembers: the e-mail address it claimed, if it has.</summary>
[GenerateSerializer, Immutable, Alias("dara.entra-account-state")]
internal sealed record EntraAccountState
{
    [Id(0)]
    public string? UserId { get; init; }
}
