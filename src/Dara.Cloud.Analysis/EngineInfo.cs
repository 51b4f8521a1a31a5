using System.Reflection;
using System.Security.Cryptography;

namespace Dara.Cloud.Analysis;

/// <summary>
/// Which engine produced a verdict: the assembly's informational version and a short hash of the embedded
/// vocabulary and check knowledge, so that a vocabulary change counts as an engine change and cached verdicts are
/// recomputed even when the version number stayed the same.
/// </summary>
public static class EngineInfo
{
    private static readonly Lazy<string> s_version = new(Compute, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary><c>&lt;informational version&gt;+&lt;12 hex digits of the data hash&gt;</c>, e.g. <c>1.0.0+3fa94c01b2de</c>.</summary>
    public static string Version => s_version.Value;

    /// <summary>SHA-256 (hex, 12 digits) over the names and bytes of every embedded vocabulary and knowledge file.</summary>
    public static string DataHash => Version[(Version.LastIndexOf('+') + 1)..];

    private static string Compute()
    {
        var assembly = typeof(EngineInfo).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";

        // Source-link builds append "+<commit>"; the data hash takes that place, so the version stays short and stable.
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? informational : informational[..plus];
        return $"{version}+{HashResources(assembly)}";
    }

    private static string HashResources(Assembly assembly)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name + "\n"));
            using var stream = assembly.GetManifestResourceStream(name)!;
            var buffer = new byte[8192];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
