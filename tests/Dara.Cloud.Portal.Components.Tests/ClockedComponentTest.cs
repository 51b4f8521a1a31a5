using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dara.Cloud.Portal.Components.Tests;

/// <summary>
/// A component test whose clock stands still at <see cref="Samples.Now"/> until the test moves it: for components whose
/// text ("5 minutes ago") or live refreshes depend on the time. Only these get it, since MudBlazor's own debounced
/// inputs read the same clock and would never fire.
/// </summary>
public abstract class ClockedComponentTest : ComponentTest
{
    protected ClockedComponentTest() => Context.Services.AddSingleton<TimeProvider>(Clock);

    /// <summary>The components' clock: relative times are read against it, and live refreshes tick when it advances.</summary>
    protected FakeTimeProvider Clock { get; } = new(Samples.Now);
}
