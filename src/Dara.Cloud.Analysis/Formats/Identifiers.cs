using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats;

/// <summary>
/// The names readers take as facts — a config's <c>model_type</c>, <c>dtype</c> and class names, a GGUF header's
/// <c>general.architecture</c>, an ONNX node's <c>op_type</c> and <c>domain</c> — are short identifiers. A megabyte-long
/// one is hostile, not a fact: it was repeated into every fact, finding, element and suggested name (a 7 MB model_type
/// printed 47 MB of report, a 50 MB op_type 100 MB of JSON), so it is refused.
/// </summary>
internal static class Identifiers
{
    /// <summary>Longest identifier accepted; the longest real class names are under 80 characters.</summary>
    public const int MaxLength = 256;

    /// <summary><paramref name="value"/> unchanged when it is short enough (or null).</summary>
    /// <exception cref="ArtifactException">The value is longer than <see cref="MaxLength"/>.</exception>
    public static string? Checked(string file, string key, string? value) =>
        value is { Length: > MaxLength }
            ? throw new ArtifactException(
                file, $"{key} is {value.Length:N0} characters long; a type, class or operator name is an identifier of at most {MaxLength}")
            : value;
}
