using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Dara.Cloud.Grains.Security;

/// <summary>
/// Default deny: a call to a Dara grain goes through only when the tenant in the call's <see cref="TenantContext"/>
/// is the tenant the grain's key starts with. The API sets the tenant from the authenticated principal; grains pass it
/// on with every call they make. Exempt: contracts marked <see cref="NotTenantOwnedAttribute"/> (the analysis worker is
/// given data, never a key; a user grain is keyed by a person) and reminder ticks (the runtime's, after which the grain
/// sets its own tenant).
/// </summary>
internal sealed partial class TenantCallFilter(ILogger<TenantCallFilter> logger) : IIncomingGrainCallFilter
{
    private static readonly Assembly s_grains = typeof(TenantCallFilter).Assembly;
    private static readonly Assembly s_contracts = typeof(IModelGrain).Assembly;

    // Contracts are few and fixed, so whether each is tenant-owned is looked up once, not by reflection on every call.
    private static readonly ConcurrentDictionary<Type, bool> s_tenantOwned = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (IsGuarded(context))
        {
            var key = context.TargetId.Key.ToString() ?? "";
            var owner = ModelKey.TenantOf(key);
            var caller = TenantContext.Current;
            if (caller is null || caller.Value.Value != owner)
            {
                var method = $"{context.InterfaceMethod?.DeclaringType?.Name}.{context.MethodName}";
                LogDenied(logger, method, key, caller?.Value ?? "(none)");
                throw new TenantAccessDeniedException(caller is null
                    ? $"{method} on '{key}' was refused: the call carries no tenant."
                    : $"{method} on '{key}' was refused: it belongs to another organization than '{caller.Value.Value}'.");
            }
        }

        return context.Invoke();
    }

    private static bool IsGuarded(IIncomingGrainCallContext context) =>
        context.Grain?.GetType().Assembly == s_grains
        && context.InterfaceMethod?.DeclaringType is { } contract
        && contract != typeof(IRemindable)
        && (contract.Assembly == s_grains || contract.Assembly == s_contracts)
        && IsTenantOwned(contract);

    /// <summary>Whether calls to <paramref name="contract"/> are checked: all Dara contracts but the marked exemptions.</summary>
    internal static bool IsTenantOwned(Type contract) =>
        s_tenantOwned.GetOrAdd(contract, static type => !type.IsDefined(typeof(NotTenantOwnedAttribute), inherit: false));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} on {Key} for tenant {Caller}")]
    private static partial void LogDenied(ILogger logger, string method, string key, string caller);
}
