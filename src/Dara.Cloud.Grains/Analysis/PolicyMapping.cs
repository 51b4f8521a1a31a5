using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Grains.Analysis;

/// <summary>
/// The contract's <see cref="PolicyRecord"/> (strings, so the contract stays free of the engine) and the engine's
/// <see cref="NamingPolicy"/>, both ways. A record that names an unknown element, severity or separator is refused.
/// </summary>
public static class PolicyMapping
{
    public static NamingPolicy ToNamingPolicy(PolicyRecord policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var order = (policy.Order ?? []).Select(code => Enum.TryParse<ElementCode>(code, ignoreCase: false, out var element) && Enum.IsDefined(element)
                ? element
                : throw new ArgumentException($"'{code}' is not a naming element code (A, S, D, C, V, F, L, T, R, N, H, P, O, W, Q, M)."))
            .ToArray();
        var severity = policy.Severity switch
        {
            "info" => Severity.Info,
            "warning" => Severity.Warning,
            "error" => Severity.Error,
            _ => throw new ArgumentException($"'{policy.Severity}' is not a severity: use info, warning or error."),
        };
        if (policy.Separator is { Length: > 1 })
        {
            throw new ArgumentException($"The separator '{policy.Separator}' must be one character (or none).");
        }

        if (policy.MaxLength is < 1 or > 1024)
        {
            throw new ArgumentException($"The longest name allowed must be 1-1024 characters, not {policy.MaxLength}.");
        }

        return new NamingPolicy
        {
            RequireArchitecture = policy.RequireArchitecture,
            RequireTaskForFineTuned = policy.RequireTaskForFineTuned,
            RequireSize = policy.RequireSize,
            Order = order,
            Separator = policy.Separator is { Length: 1 } separator ? separator[0] : null,
            Lowercase = policy.Lowercase,
            MaxLength = policy.MaxLength,
            ForbiddenWords = (policy.ForbiddenWords ?? []).Where(word => !string.IsNullOrWhiteSpace(word)).Select(word => word.Trim()).ToArray(),
            Severity = severity,
        };
    }

    public static PolicyRecord FromNamingPolicy(NamingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new PolicyRecord(
            policy.RequireArchitecture,
            policy.RequireTaskForFineTuned,
            policy.RequireSize,
            policy.Order.Select(code => code.ToString()).ToArray(),
            policy.Separator?.ToString(),
            policy.Lowercase,
            policy.MaxLength,
            policy.ForbiddenWords.ToArray(),
            policy.Severity.ToString().ToLowerInvariant());
    }
}
