namespace Dara.Cloud.Testing.FakeHub;

/// <summary>
/// Faults waiting for requests, applied in the order they were queued. A fault applies to the next request whose
/// path contains its filter (any request without one), for the given number of requests.
/// </summary>
public sealed class FaultInjector
{
    /// <summary>For <c>times</c>: the fault never runs out.</summary>
    public const int Always = int.MaxValue;

    private readonly Lock _lock = new();
    private readonly List<Rule> _rules = [];

    /// <summary>Queues <paramref name="fault"/> for the next <paramref name="times"/> requests whose path contains <paramref name="pathContains"/>.</summary>
    public void Enqueue(FaultKind fault, int times = 1, string? pathContains = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_lock)
        {
            _rules.Add(new Rule(fault, times, pathContains));
        }
    }

    /// <summary>Drops every queued fault.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>The faults still queued (with their remaining counts).</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _rules.Count;
            }
        }
    }

    internal FaultKind? Take(string path)
    {
        lock (_lock)
        {
            var index = _rules.FindIndex(rule => rule.PathContains is null || path.Contains(rule.PathContains, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }

            var rule = _rules[index];
            if (rule.Remaining == 1)
            {
                _rules.RemoveAt(index);
            }
            else if (rule.Remaining != Always)
            {
                _rules[index] = rule with { Remaining = rule.Remaining - 1 };
            }

            return rule.Fault;
        }
    }

    private sealed record Rule(FaultKind Fault, int Remaining, string? PathContains);
}
