using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Grains.Analysis;

/// <summary>
/// The contract's <see cref="PolicyRecord"/> (strings, so the contract stays free of the engine) and the engine's
/// <see cref="NamingPolicy"/>, both ways. A record naming an unknown element, severity or separator is refused:
/// <see cref="ToNamingPolicy"/> throws, <see cref="TryToNamingPolicy"/> says why (for an editor to show).
/// </summary>
public static class PolicyMapping
{
    public static NamingPolicy ToNamingPolicy(PolicyRecord policy) =>
        TryToNamingPolicy(policy, out var naming, out var problem) ? naming : throw new ArgumentException(problem, nameof(policy));

    public static bool TryToNamingPolicy(PolicyRecord policy, out NamingPolicy naming, out string problem)
    {
        ArgumentNullException.ThrowIfNull(policy);
        naming = NamingPolicy.Default;
        var order = new List<ElementCode>();
        foreach (var code in policy.Order ?? [])
        {
            // One upper-case letter: Enum.TryParse alone would also take "0" or "a,t".
            if (code is not [var letter] || !char.IsAsciiLetterUpper(letter) || !Enum.TryParse<ElementCode>(code, ignoreCase: false, out var element))
            {
                problem = $"'{code}' is not a naming element code (A, S, D, C, V, F, L, T, R, N, H, P, O, W, Q, M).";
                return false;
            }

            order.Add(element);
        }

        Severity? severity = policy.Severity switch
        {
            "info" => Severity.Info,
            "warning" => Severity.Warning,
            "error" => Severity.Error,
            _ => null,
        };
        if (severity is null)
        {
            problem = $"'{policy.Severity}' is not a severity: use info, warning or error.";
            return false;
        }

        if (policy.Separator is { Length: > 1 })
        {
            problem = $"The separator '{policy.Separator}' must be one character (or none).";
            return false;
        }

        if (policy.MaxLength is < 1 or > 1024)
        {
            problem = $"The longest name allowed must be 1-1024 characters, not {policy.MaxLength}.";
            return false;
        }

        foreach (var finding in policy.AcceptedFindings ?? [])
        {
            if (AcceptedFinding.ProblemOf(finding?.Code, finding?.Claimed) is { } refused)
            {
                problem = $"{char.ToUpperInvariant(refused[0])}{refused[1..]}.";
                return false;
            }
        }

        var accepted = (policy.AcceptedFindings ?? []).Select(finding => finding.Trimmed()).DistinctBy(finding => finding.Key).ToArray();
        if (accepted.Length > AcceptedFinding.MaxPerPolicy)
        {
            problem = $"A policy accepts at most {AcceptedFinding.MaxPerPolicy} findings.";
            return false;
        }

        naming = new NamingPolicy
        {
            RequireArchitecture = policy.RequireArchitecture,
            RequireTaskForFineTuned = policy.RequireTaskForFineTuned,
            RequireSize = policy.RequireSize,
            Order = order,
            Separator = policy.Separator is { Length: 1 } separator ? separator[0] : null,
            Lowercase = policy.Lowercase,
            MaxLength = policy.MaxLength,
            ForbiddenWords = (policy.ForbiddenWords ?? []).Where(word => !string.IsNullOrWhiteSpace(word)).Select(word => word.Trim()).ToArray(),
            Severity = severity.Value,
            AcceptedFindings = accepted.Select(a => new AcceptedFinding(a.Code, a.Claimed)).ToArray(),
        };
        problem = string.Empty;
        return true;
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
            policy.Severity.ToString().ToLowerInvariant(),
            policy.AcceptedFindings.Select(a => new AcceptedFindingRecord(a.Code, a.Claimed)).ToArray());
    }
}
