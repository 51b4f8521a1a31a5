using Xunit;

namespace Dara.Cloud.Testing;

/// <summary>
/// A folder this process may not list, to test what readers say when the file system refuses them. Made with no
/// permission bits when they stop this process; root ignores them, so as root the folder is <c>/proc/1/map_files</c>
/// where the kernel refuses even root (read-only, never written to); the tests skip when neither works.
/// </summary>
public sealed class UnlistableFolder : IDisposable
{
    private const string KernelGuarded = "/proc/1/map_files";
    private static readonly Lazy<bool> s_permissionsStopUs = new(Probe);

    private readonly string? _owned;

    private UnlistableFolder(string path, string? owned)
    {
        Path = path;
        _owned = owned;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Why the tests that need such a folder skip, or null when one can be had.</summary>
    public static string? SkipReason =>
        s_permissionsStopUs.Value || IsUnlistable(KernelGuarded)
            ? null
            : "no folder is unlistable to this process: permission bits do not stop it (root) and it may list /proc/1/map_files";

    /// <summary>True when a folder made unlistable with permission bits is unlistable to this process (not root).</summary>
    public static bool PermissionsStopThisProcess => s_permissionsStopUs.Value;

    /// <summary>A folder this process cannot list, holding a config.json it could not read either.</summary>
    public static UnlistableFolder Create()
    {
        if (!s_permissionsStopUs.Value)
        {
            return IsUnlistable(KernelGuarded)
                ? new UnlistableFolder(KernelGuarded, owned: null)
                : throw new InvalidOperationException(SkipReason);
        }

        var root = Directory.CreateTempSubdirectory("dara-unlistable-").FullName;
        var locked = System.IO.Path.Combine(root, "locked");
        Directory.CreateDirectory(locked);
        File.WriteAllText(System.IO.Path.Combine(locked, "config.json"), """{"model_type": "bert"}""");
        Lock(locked);
        return new UnlistableFolder(locked, root);
    }

    /// <summary>Takes away every permission of <paramref name="folder"/>; <see cref="Unlock"/> gives them back. (Windows has no permission bits: nothing happens.)</summary>
    public static void Lock(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.None);
        }
    }

    /// <summary>Gives the owner back full permissions, so the folder can be listed and deleted.</summary>
    public static void Unlock(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose()
    {
        if (_owned is not null)
        {
            Unlock(Path);
            Directory.Delete(_owned, recursive: true);
        }
    }

    private static bool Probe()
    {
        var root = Directory.CreateTempSubdirectory("dara-probe-").FullName;
        try
        {
            var locked = System.IO.Path.Combine(root, "locked");
            Directory.CreateDirectory(locked);
            Lock(locked);
            var unlistable = IsUnlistable(locked);
            Unlock(locked);
            return unlistable;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool IsUnlistable(string folder)
    {
        try
        {
            Directory.GetFileSystemEntries(folder);
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>A test that needs a folder this process cannot list (<see cref="UnlistableFolder"/>): skipped with the reason when there is none.</summary>
public sealed class UnlistableFolderFactAttribute : FactAttribute
{
    public UnlistableFolderFactAttribute()
    {
        Skip = UnlistableFolder.SkipReason;
    }
}

/// <summary>A test that locks folders of its own with permission bits: skipped when they do not stop this process (root).</summary>
public sealed class PermissionBitsFactAttribute : FactAttribute
{
    public PermissionBitsFactAttribute()
    {
        Skip = UnlistableFolder.PermissionsStopThisProcess ? null : "permission bits do not stop this process (it runs as root)";
    }
}
