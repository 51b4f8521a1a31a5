using Microsoft.Extensions.Hosting;

namespace Dara.Cloud.Silo.Hosting;

/// <summary>
/// Holds the data folder for a one-silo (Localhost) cluster while it runs. Two such silos on one SQLite file would
/// each activate the same grains and refuse each other's writes (the API answered 500); the second now stops at start
/// and says why. The lock is the operating system's (an exclusive open, flock on Linux), so a silo that dies frees it.
/// Silos of one AzureStorage cluster may share a file: the cluster activates each grain once.
/// </summary>
internal sealed class DataFolderLock(string dataDirectory) : IHostedService, IDisposable
{
    public const string FileName = "dara.silo.lock";

    private FileStream? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(folder);
        try
        {
            _lock = new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new DataFolderInUseException(folder, e);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}

/// <summary>Another silo of its own cluster holds the data folder.</summary>
public sealed class DataFolderInUseException(string folder, Exception inner) : IOException(
    $"the data folder {folder} is in use by another Dara.Cloud silo on this machine. Give this one its own folder with " +
    "--Dara:DataDirectory, or stop the other.", inner)
{
    public string Folder { get; } = folder;
}
