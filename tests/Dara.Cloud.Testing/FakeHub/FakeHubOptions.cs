namespace Dara.Cloud.Testing.FakeHub;

/// <summary>How a <see cref="FakeHubServer"/> starts.</summary>
public sealed record FakeHubOptions
{
    /// <summary>Serve the real data (see <see cref="RealDataModels"/>) when <see cref="RealDataRoot"/> or <c>DARA_REAL_DATA</c> names it.</summary>
    public bool IncludeRealData { get; init; } = true;

    /// <summary>Where the real data is; null for <c>DARA_REAL_DATA</c> (no real models when that is unset).</summary>
    public string? RealDataRoot { get; init; }

    /// <summary>When set, every request must carry <c>Authorization: Bearer &lt;token&gt;</c>, else 401 as the Hub answers.</summary>
    public string? RequiredToken { get; init; }

    /// <summary>Page size of <c>/api/models</c> when the request gives no <c>limit</c>; the largest allowed is 1000, as on the Hub.</summary>
    public int DefaultPageSize { get; init; } = 1000;

    /// <summary>A fake Hub with only the models a test adds.</summary>
    public static FakeHubOptions Empty { get; } = new() { IncludeRealData = false };
}
