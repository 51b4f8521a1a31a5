namespace Dara.Cloud.Testing;

/// <summary>
/// For what happens in the background (an alert's delivery, a re-check, a one-way call): reads again until the reading
/// holds or the time is up, and returns the last reading either way, so the test's assertion says what it was.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(holds);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (holds(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(25).ConfigureAwait(false);
        }
    }
}
