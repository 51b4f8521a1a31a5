using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// Builds the suggested name: the owner and every correct word of the author kept in place, each wrong element
/// replaced by what the artifacts say (in the author's letter case), missing architecture or task added, and the
/// policy's separator and case applied.
/// </summary>
internal sealed class SuggestedNameBuilder(NamingVocabulary vocabulary, CheckKnowledge knowledge)
{
    public string Suggest(CheckContext context, IReadOnlyList<Finding> findings)
    {
        var name = context.Name;
        var facts = context.Facts;
        var replacements = new Dictionary<int, (int Length, string Text)>();
        var precisionWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var fixedSpellings = name.Elements.Where(e => e.Code == ElementCode.Q).Select(e => e.Text!).ToList();
        string? prefix = null;
        var suffixes = new List<string>();
        void Append(string word)
        {
            if (!suffixes.Contains(word))
            {
                suffixes.Add(word);
            }
        }

        foreach (var finding in findings)
        {
            var element = name.Elements.FirstOrDefault(e => e.Code.ToString() == finding.Element && e.Text == finding.Claimed);
            var located = element.Text is not null;
            switch (finding.Code)
            {
                case FindingCodes.ArchitectureMismatch when located && facts.ModelType is { } type:
                    var architecture = InStyle(element.Text!, UpstreamArchitecture(context) ?? vocabulary.FindArchitecture(type)?.Display ?? type);
                    Replace(replacements, element, GluedHead(element.Text!) is { } head ? $"{head}-{architecture}" : architecture);
                    if (GenerationOf(name, element) is { } generation)
                    {
                        Replace(replacements, generation, string.Empty);
                    }

                    break;
                case FindingCodes.SizeMismatch when located && element.Code == ElementCode.P && facts.Parameters is { } parameters:
                    Replace(replacements, element, ParameterText.Format(parameters, element.Text));
                    break;
                case FindingCodes.SizeMismatch when located && element.Code == ElementCode.S && finding.Severity == Severity.Error:
                    var word = finding.Observed?.Split(' ')[0];
                    if (word is not null)
                    {
                        Replace(replacements, element, InStyle(element.Text!, word));
                    }

                    break;
                case FindingCodes.SizeMismatch when !located && finding.Element == "S" && finding.Observed?.Split(' ')[0] is { } size && !size.Any(char.IsWhiteSpace):
                    Append(size);
                    break;
                case FindingCodes.SizeMismatch when located && element.Code == ElementCode.N && facts.Blocks is { } blocks:
                    Replace(replacements, element, ReplaceDigits(element.Text!, blocks));
                    break;
                case FindingCodes.TaskMismatch when facts.ImpliedTask is { } task:
                    var taskWord = TaskWord(task, facts.Labels);
                    if (located)
                    {
                        Replace(replacements, element, InStyle(element.Text!, taskWord));
                    }
                    else
                    {
                        Append(taskWord);
                    }

                    break;
                case FindingCodes.PrecisionMismatch when located && finding.Observed is { } observed && !observed.Contains(',', StringComparison.Ordinal):
                    // A full-precision model needs no precision word in place of a quantization it does not have
                    // (Llama-2-7b-chat-AWQ-4bit holding fp32 becomes Llama-2-7b-chat), and says its dtype once.
                    var quantizationClaim = !PrecisionCheck.IsFloatWord(element.Value) && PrecisionCheck.IsFloatWord(observed);
                    var precisionWord = PrecisionWordFor(element.Text!, observed, fixedSpellings);
                    Replace(replacements, element, quantizationClaim || !precisionWords.Add(observed) ? string.Empty : precisionWord);
                    break;
                case FindingCodes.LanguageMismatch when located && finding.Severity == Severity.Error && finding.Observed is { } language:
                    // A name that spelled its language out gets the language spelled out: a code such as "it" or
                    // "pt" would read as instruction-tuned or pretrained in bert-base-it.
                    var languageWord = element.Text!.Length > 3 && vocabulary.LanguageNames.TryGetValue(language, out var languageName)
                        ? languageName.ToLowerInvariant()
                        : language;
                    Replace(replacements, element, InStyle(element.Text!, languageWord));
                    break;
                case FindingCodes.UninformativeName:
                    RemoveGeneratedWords(name.Name, replacements);
                    if (!name.Elements.Any(e => e.Code == ElementCode.A && !knowledge.GeneratedNameWords.Contains(e.Text ?? string.Empty)) && facts.ModelType is { } modelType)
                    {
                        prefix ??= InStyle(name.Name, vocabulary.FindArchitecture(modelType)?.Display ?? modelType);
                    }

                    if (!name.Has(ElementCode.T) && facts.ImpliedTask is { } implied && knowledge.FineTunedTextTasks.Contains(implied))
                    {
                        Append(TaskWord(implied, facts.Labels));
                    }

                    break;
                case FindingCodes.Convention when finding.Element == "A" && facts.ModelType is { } conventionType:
                    prefix ??= InStyle(name.Name, vocabulary.FindArchitecture(conventionType)?.Display ?? conventionType);
                    break;
                case FindingCodes.Convention when finding.Element == "T" && finding.Claimed is null && facts.ImpliedTask is { } required:
                    Append(TaskWord(required, facts.Labels));
                    break;
                case FindingCodes.Convention when located && finding.Claimed is not null:
                    // Out of the policy's order: the element moves to the end (implementation first, then task).
                    Replace(replacements, element, string.Empty);
                    Append(element.Text!);
                    break;
            }
        }

        var text = WithoutForbiddenWords(Apply(name.Name, replacements), context.Policy.ForbiddenWords).Trim('-', '_', ' ', '.');
        text = CollapseSeparators(text);
        var separator = context.Policy.Separator ?? (name.Name.Contains('_') && !name.Name.Contains('-') ? '_' : '-');
        if (prefix is not null)
        {
            text = text.Length > 0 ? $"{prefix}{separator}{text}" : prefix;
        }
        else if (text.Length == 0)
        {
            // Nothing of the name is left and nothing says what to call the model: keep the author's name.
            text = name.Name;
        }

        foreach (var suffix in suffixes)
        {
            text = $"{text}{separator}{InStyle(name.Name, suffix)}";
        }

        if (context.Policy.Separator is { } policySeparator)
        {
            text = WithSeparator(text, policySeparator, fixedSpellings);
        }

        if (context.Policy.Lowercase)
        {
            text = text.ToLowerInvariant();
        }

        return name.Owner is { Length: > 0 } owner ? $"{owner}/{text}" : text;
    }

    /// <summary>
    /// How the model's upstream names its architecture, when config.json's <c>_name_or_path</c>, the card's
    /// <c>base_model</c> or its model-index name is of the observed family: e5-small holding intfloat/multilingual-e5-large becomes
    /// multilingual-e5, not a bare xlm-roberta.
    /// </summary>
    private string? UpstreamArchitecture(CheckContext context)
    {
        var observedFamily = context.ObservedFamily;
        var hubIds = context.Facts.CardBaseModels.Prepend(context.Facts.ConfigNameOrPath ?? string.Empty)
            .Where(h => h.Count(c => c == '/') == 1 && !h.StartsWith('/') && !h.StartsWith('.') && !h.Contains("://", StringComparison.Ordinal));
        var hints = hubIds.Concat(context.Facts.CardModelIndexNames);
        foreach (var hint in hints)
        {
            foreach (var element in context.Parser.Parse(hint).Elements.Where(e => e.Code == ElementCode.A))
            {
                if ((vocabulary.FindArchitecture(element.Text) ?? vocabulary.FindArchitecture(element.Value))?.Family == observedFamily)
                {
                    return element.Text;
                }
            }
        }

        return null;
    }

    /// <summary>The word a name uses for a task: "sentiment" when the labels say so, else the short form (ner, qa, classifier).</summary>
    private string TaskWord(string task, IReadOnlyList<string> labels)
    {
        if (task == "text-classification" && labels.Any(l => l.Contains("positive", StringComparison.OrdinalIgnoreCase) || l.Contains("negative", StringComparison.OrdinalIgnoreCase)))
        {
            return "sentiment";
        }

        return knowledge.TaskSuffixes.TryGetValue(task, out var word) ? word : task;
    }

    /// <summary>A generated name loses what the service added, its first word and its job number (<see cref="NameShape"/>).</summary>
    private void RemoveGeneratedWords(string name, Dictionary<int, (int Length, string Text)> replacements)
    {
        var kept = NameShape.WithoutGeneratedWords(name, knowledge);
        if (kept.Length == name.Length)
        {
            return;
        }

        var start = kept.Length > 0 ? name.IndexOf(kept, StringComparison.Ordinal) : name.Length;
        replacements[0] = (start, string.Empty);
        if (kept.Length > 0 && start + kept.Length < name.Length)
        {
            replacements[start + kept.Length] = (name.Length - start - kept.Length, string.Empty);
        }
    }

    /// <summary>
    /// The bare number right after an architecture is its generation (Falcon-2, MiniCPM-V-2.6, Qwen-1.5): when the
    /// architecture is wrong, its generation goes with it, or Falcon-2-7b holding a Qwen2 would become Qwen2-2-7b.
    /// A "v2" stays: that is as often the author's own version of the model.
    /// </summary>
    private static NamingElement? GenerationOf(ParsedName name, NamingElement architecture)
    {
        var end = architecture.Start + architecture.Length;
        var next = name.Elements.FirstOrDefault(e => e.Start > architecture.Start);
        return next.Code == ElementCode.V && next.Text is { Length: > 0 } text && char.IsAsciiDigit(text[0])
            && name.Name.AsSpan(end, next.Start - end).IndexOfAnyExcept("-_. ") < 0
            ? next
            : null;
    }

    private static void Replace(Dictionary<int, (int Length, string Text)> replacements, NamingElement element, string text) =>
        replacements.TryAdd(element.Start, (element.Length, text));

    private static string Apply(string name, Dictionary<int, (int Length, string Text)> replacements)
    {
        var text = name;
        foreach (var (start, (length, replacement)) in replacements.OrderByDescending(r => r.Key))
        {
            if (start >= 0 && start + length <= text.Length)
            {
                // A word glued to the next one (RUTERGPT13B) is kept apart from it once replaced: LLAMA-2-13B, not LLAMA-213B.
                var glued = replacement.Length > 0 && start + length < text.Length && char.IsLetterOrDigit(text[start + length])
                    && char.IsLetterOrDigit(replacement[^1]);
                text = string.Concat(text.AsSpan(0, start), replacement, glued ? "-" : "", text.AsSpan(start + length));
            }
        }

        return text;
    }

    /// <summary>The policy's separator between words, except inside quantization types (Q4_K_M), whose spelling is fixed.</summary>
    private static string WithSeparator(string text, char separator, IEnumerable<string> fixedSpellings)
    {
        var kept = new bool[text.Length];
        foreach (var spelling in fixedSpellings.Where(s => s.Length > 0))
        {
            for (var at = text.IndexOf(spelling, StringComparison.Ordinal); at >= 0; at = text.IndexOf(spelling, at + spelling.Length, StringComparison.Ordinal))
            {
                Array.Fill(kept, true, at, spelling.Length);
            }
        }

        return string.Create(text.Length, (text, kept, separator), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.text[i];
                span[i] = c is '-' or '_' or ' ' && !state.kept[i] ? state.separator : c;
            }
        });
    }

    /// <summary>The name without the words the policy forbids (whole words between separators, any case).</summary>
    private static string WithoutForbiddenWords(string text, IReadOnlyList<string> forbidden)
    {
        if (forbidden.Count == 0)
        {
            return text;
        }

        var parts = System.Text.RegularExpressions.Regex.Split(text, "([-_. ])");
        return string.Concat(parts.Select(part => forbidden.Contains(part, StringComparer.OrdinalIgnoreCase) ? string.Empty : part));
    }

    /// <summary>A removed word leaves two separators side by side; keep one.</summary>
    private static string CollapseSeparators(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            var isSeparator = c is '-' or '_' or ' ';
            if (isSeparator && result.Length > 0 && result[^1] is '-' or '_' or ' ')
            {
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>
    /// The precision word to put in a name: a llama.cpp quantization type in its own spelling (Q5_K_M, IQ4_XS), which no
    /// separator policy rewrites; a dtype word in the style of the word it replaces.
    /// </summary>
    private static string PrecisionWordFor(string replaced, string observed, List<string> fixedSpellings)
    {
        if (!PrecisionCheck.IsGgufQuantization(observed))
        {
            return InStyle(replaced, observed);
        }

        var spelling = observed.ToUpperInvariant();
        fixedSpellings.Add(spelling);
        return spelling;
    }

    /// <summary>
    /// The author's own word in front of an architecture glued onto it (Liver in LiverGPT, RUTER in RUTERGPT, fin in
    /// finbert): only the architecture is wrong, so the suggestion keeps the word (Liver-Qwen2) instead of dropping it.
    /// </summary>
    private string? GluedHead(string text)
    {
        // A whole alias (distilbert, camembert) is one architecture, not a word with another glued on.
        if (vocabulary.TryLookup(text, out _))
        {
            return null;
        }

        foreach (var affix in vocabulary.Affixes)
        {
            var headLength = text.Length - affix.Text.Length;
            if (headLength >= 2 && text.EndsWith(affix.Text, StringComparison.OrdinalIgnoreCase) && text[..headLength].All(char.IsAsciiLetter))
            {
                return text[..headLength];
            }
        }

        return null;
    }

    /// <summary>Writes <paramref name="word"/> in the letter case of <paramref name="model"/>: lower, UPPER, or as given.</summary>
    private static string InStyle(string model, string word)
    {
        var letters = model.Where(char.IsLetter).ToList();
        if (letters.Count > 0 && letters.All(char.IsLower))
        {
            return word.ToLowerInvariant();
        }

        return letters.Count > 1 && letters.All(char.IsUpper) ? word.ToUpperInvariant() : word;
    }

    private static string ReplaceDigits(string text, long value)
    {
        var start = text.IndexOfAny("0123456789".ToCharArray());
        var end = start;
        while (end < text.Length && char.IsDigit(text[end]))
        {
            end++;
        }

        return start < 0 ? text : string.Concat(text.AsSpan(0, start), value.ToString(System.Globalization.CultureInfo.InvariantCulture), text.AsSpan(end));
    }
}
