namespace Dara.Cloud.Analysis.Formats;

/// <summary>
/// Decides which tensors a quantization config applies to, the way huggingface.js does it
/// (<c>isQuantizedTensor</c>, <c>globMatch</c>, <c>matchesCompressedTensorsTarget</c>): patterns come from an
/// untrusted config.json, so no regular expression is ever built from them — a small glob matcher is used instead.
/// </summary>
internal static class QuantizedModuleMatcher
{
    /// <summary>
    /// False when the tensor is excluded by <c>ignore</c> (compressed-tensors) or <c>modules_to_not_convert</c>
    /// (plain substring, as transformers matches it, or a <c>*</c> glob).
    /// </summary>
    public static bool IsQuantized(string tensorName, QuantizationConfig quantization)
    {
        if (quantization.Ignore.Count > 0)
        {
            var module = ModuleName(tensorName);
            foreach (var target in quantization.Ignore)
            {
                if (MatchesTarget(target, module))
                {
                    return false;
                }
            }
        }

        foreach (var pattern in quantization.ModulesToNotConvert)
        {
            var excluded = pattern.Contains('*')
                ? GlobMatch(pattern, tensorName)
                : tensorName.Contains(pattern, StringComparison.Ordinal);
            if (excluded)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The module a weight belongs to: the name up to its last <c>.weight</c> (<c>x.weight_packed</c> → <c>x</c>).</summary>
    public static string ModuleName(string tensorName)
    {
        var index = tensorName.LastIndexOf(".weight", StringComparison.Ordinal);
        return index < 0 ? tensorName : tensorName[..index];
    }

    /// <summary>
    /// A compressed-tensors target: an exact module name, or <c>re:</c> + a regex of which only the common subset
    /// (<c>.*</c>, <c>^</c>/<c>$</c> anchors, <c>\.</c>) is understood; any other regex syntax never matches.
    /// Class-name targets (<c>Linear</c>) cannot be resolved from tensor names and so match nothing.
    /// </summary>
    public static bool MatchesTarget(string target, string moduleName)
    {
        if (!target.StartsWith("re:", StringComparison.Ordinal))
        {
            return target == moduleName;
        }

        var pattern = target[3..];
        if (pattern.StartsWith('^'))
        {
            pattern = pattern[1..];
        }

        // Python's re.match anchors only the start; the end is anchored only by an explicit '$'.
        pattern = pattern.EndsWith('$') ? pattern[..^1] : pattern + ".*";
        var glob = pattern.Replace(".*", "*", StringComparison.Ordinal).Replace("\\.", ".", StringComparison.Ordinal);
        return glob.AsSpan().IndexOfAny("\\+?()[]{}|^$") < 0 && GlobMatch(glob, moduleName);
    }

    /// <summary>Glob match where only <c>*</c> is special: the literal pieces must appear in order.</summary>
    public static bool GlobMatch(string pattern, string text)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return pattern == text;
        }

        var first = parts[0];
        var last = parts[^1];
        if (!text.StartsWith(first, StringComparison.Ordinal) || !text.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        var position = first.Length;
        var end = text.Length - last.Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = text.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0 || found + parts[i].Length > end)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return position <= end;
    }
}
