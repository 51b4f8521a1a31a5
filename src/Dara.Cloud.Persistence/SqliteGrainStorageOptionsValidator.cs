using Microsoft.Extensions.Options;

namespace Dara.Cloud.Persistence;

/// <summary>Rejects options that would fail on first use, so a misconfigured silo stops at startup instead.</summary>
internal sealed class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
    {
        var provider = $"SQLite grain storage '{name}'";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{provider}: DataDirectory (configuration Dara:DataDirectory) is empty.");
        }
        else if (options.DataDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{provider}: DataDirectory '{options.DataDirectory}' contains characters that are not allowed in a path.");
        }

        if (string.IsNullOrWhiteSpace(options.DatabaseFileName)
            || options.DatabaseFileName != Path.GetFileName(options.DatabaseFileName)
            || options.DatabaseFileName is "." or ".."
            || options.DatabaseFileName.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            failures.Add($"{provider}: DatabaseFileName '{options.DatabaseFileName}' must be a plain file name.");
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{provider}: BusyTimeout {options.BusyTimeout} must be positive and at most 10 minutes.");
        }

        if (options.GrainStorageSerializer is null)
        {
            failures.Add($"{provider}: no GrainStorageSerializer is set and the silo registers none.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
