using System.Globalization;
using System.Reflection;
using Dara.Cloud.Analysis.Formats;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary>
/// Checks the values of a command line's options before Spectre.Console.Cli binds them, for two things it gets wrong.
/// An option left without its value (<c>--name</c> last, or followed by another option) made its parser retry with
/// the word <c>__default_command</c> inserted, which then became the value: <c>dara check ./m --name</c> checked the
/// name "__default_command" and exited 0. And a value it cannot convert was reported with .NET's type name and not the
/// option (<c>Failed to convert 'jsn' to OutputFormat</c>); an enum also took numbers (<c>--format 1</c> was json).
/// </summary>
internal sealed class OptionValueCheck
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<Option>> _optionsByCommand;

    /// <param name="settingsByCommand">Each command's path as typed (<c>check</c>, <c>eval elements</c>) and its settings type.</param>
    public OptionValueCheck(IReadOnlyDictionary<string, Type> settingsByCommand)
    {
        ArgumentNullException.ThrowIfNull(settingsByCommand);
        _optionsByCommand = settingsByCommand.ToDictionary(c => c.Key, c => OptionsOf(c.Value), StringComparer.Ordinal);
    }

    /// <summary>What is wrong with an option's value, in one line naming the option; null when every value is fine.</summary>
    public string? Problem(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (options, start) = CommandOf(args);
        if (options is null || args.Any(a => a is "-h" or "--help"))
        {
            // An unknown command is Spectre's to report, and help is shown whatever else is on the line.
            return null;
        }

        for (var i = start; i < args.Count; i++)
        {
            if (args[i] == "--")
            {
                return null;
            }

            if (Parse(args[i], options) is not { } typed || typed.Option.ValueName is null)
            {
                continue;
            }

            var value = typed.InlineValue;
            if (value is null && i + 1 < args.Count && !IsOption(args[i + 1], options))
            {
                value = args[++i];
            }

            // An empty word after the option ("--name ''") is a value, for the command to judge; "--name=" is none.
            if (value is null || (value.Length == 0 && typed.InlineValue is not null))
            {
                return $"{typed.Name} needs a value ({typed.Option.Expected}).";
            }

            if (!typed.Option.Accepts(value))
            {
                return $"{typed.Name} must be {typed.Option.Expected}, not {MessageText.Quote(value)}.";
            }
        }

        return null;
    }

    private (IReadOnlyList<Option>? Options, int Start) CommandOf(IReadOnlyList<string> args)
    {
        // Branches (eval) take their command from the next word.
        for (var words = Math.Min(2, args.Count); words >= 1; words--)
        {
            if (_optionsByCommand.TryGetValue(string.Join(' ', args.Take(words)), out var options))
            {
                return (options, words);
            }
        }

        return (null, 0);
    }

    /// <summary>The option a word names (<c>--name</c>, <c>-n</c>, <c>--name=x</c>, <c>--name:x</c>), or null.</summary>
    private static (Option Option, string Name, string? InlineValue)? Parse(string word, IReadOnlyList<Option> options)
    {
        if (word.Length < 2 || word[0] != '-')
        {
            return null;
        }

        var isLong = word.StartsWith("--", StringComparison.Ordinal);
        var body = word[(isLong ? 2 : 1)..];
        var separator = body.IndexOfAny(['=', ':']);
        var name = separator < 0 ? body : body[..separator];
        var inline = separator < 0 ? null : body[(separator + 1)..];
        var option = options.FirstOrDefault(o => (isLong ? o.LongNames : o.ShortNames).Contains(name, StringComparer.Ordinal));
        return option is null ? null : (option, (isLong ? "--" : "-") + name, inline);
    }

    private static bool IsOption(string word, IReadOnlyList<Option> options) => word == "--" || Parse(word, options) is not null;

    private static IReadOnlyList<Option> OptionsOf(Type settings) =>
        settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<CommandOptionAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => new Option(p.Attribute!.LongNames, p.Attribute.ShortNames, p.Attribute.ValueIsOptional ? null : p.Attribute.ValueName, Nullable.GetUnderlyingType(p.Property.PropertyType) ?? p.Property.PropertyType))
            .ToList();

    /// <summary>One option of a command; <see cref="ValueName"/> is null for a flag.</summary>
    private sealed record Option(IReadOnlyList<string> LongNames, IReadOnlyList<string> ShortNames, string? ValueName, Type ValueType)
    {
        public string Expected => ValueType.IsEnum ? Choices()
            : ValueType == typeof(int) ? "a whole number"
            : ValueName!;

        public bool Accepts(string value) => ValueType.IsEnum
            ? Enum.GetNames(ValueType).Contains(value, StringComparer.OrdinalIgnoreCase)
            : ValueType != typeof(int) || int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

        private string Choices()
        {
            var names = Enum.GetNames(ValueType).Select(n => n.ToLowerInvariant()).ToList();
            return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
        }
    }
}
