using System.Globalization;

namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// The rules that give an element its meaning from its neighbours once every token is read: languages that are also
/// words, release suffixes, bare numbers, active parameters, a second count, a name's own architecture word, a brand
/// before an architecture and ExLlamaV2's head bits.
/// </summary>
internal sealed class NeighbourRules
{
    private readonly NamingVocabulary _vocabulary;

    public NeighbourRules(NamingVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
    }

    /// <summary>Applies every rule to <paramref name="pending"/>, read from <paramref name="text"/>, in the order they depend on.</summary>
    public void Apply(ReadOnlySpan<char> text, List<PendingElement> pending)
    {
        ResolveLanguages(pending);
        ReadReleaseSuffix(pending);
        ResolveNumbers(text, pending);
        ReadActiveParameters(text, pending);
        KeepTheFirstParameterCount(pending);
        NameTheUnnamedArchitecture(pending);
        JoinBrandToArchitecture(text, pending);
        ReadExl2HeadBits(text, pending);
    }

    /// <summary>
    /// A code that is also a word (it, ms, hi) is a language only beside another language (opus-mt-it-en, en2it),
    /// or beside another code in a translation name (opus-mt-ms-it).
    /// </summary>
    private void ResolveLanguages(List<PendingElement> pending)
    {
        const string translationTask = "translation";
        var anyCandidate = false;
        var translation = false;
        foreach (var item in pending)
        {
            anyCandidate |= item.Language is not null && item.Code != ElementCode.L;
            translation |= (item.Code == ElementCode.T && item.Value == translationTask)
                || (item.Code == ElementCode.A && _vocabulary.TaskOfArchitecture(item.ArchitectureId) == translationTask);
        }

        if (!anyCandidate)
        {
            return;
        }

        var changed = true;
        while (changed)
        {
            changed = false;
            for (var i = 0; i < pending.Count; i++)
            {
                var item = pending[i];
                if (item.Language is null || item.Code == ElementCode.L)
                {
                    continue;
                }

                var previous = Neighbour(pending, i, -1);
                var next = Neighbour(pending, i, +1);
                var besideLanguage = previous?.Code == ElementCode.L || next?.Code == ElementCode.L;
                var pairInTranslation = translation && (previous?.Language is not null || next?.Language is not null);
                if (besideLanguage || pairInTranslation)
                {
                    pending[i] = item with { Code = ElementCode.L, Value = item.Language, Kind = PendingKind.Known };
                    changed = true;
                }
            }
        }
    }

    /// <summary>
    /// A large model's release ends its name with -it (instruction-tuned) or -pt (pretrained): gemma-2-2b-jpn-it,
    /// gemma-3-27b-pt. After a parameter count these are no languages (Italian, Portuguese), which never end such a name.
    /// </summary>
    private static void ReadReleaseSuffix(List<PendingElement> pending)
    {
        if (pending.Count < 2 || pending[^1] is not { Code: ElementCode.L, Value: "it" or "pt" } last
            || !pending.Exists(item => item.Code == ElementCode.P))
        {
            return;
        }

        pending[^1] = last.Value == "it"
            ? last with { Code = ElementCode.T, Value = "text-generation", Language = null }
            : last with { Code = ElementCode.R, Value = "pretraining", Language = null };
    }

    /// <summary>The neighbour on one side, stepping over a bare "2" between two codes (en2zh, de-2-en).</summary>
    private static PendingElement? Neighbour(List<PendingElement> pending, int index, int step)
    {
        var j = index + step;
        if (j < 0 || j >= pending.Count)
        {
            return null;
        }

        if (pending[j].Kind == PendingKind.Number && pending[j].Length == 1 && j + step >= 0 && j + step < pending.Count)
        {
            return pending[j + step];
        }

        return pending[j];
    }

    /// <summary>
    /// Bare numbers take their meaning from the neighbours: a size of the architecture before them (resnet-50),
    /// a connector between two languages (en-2-zh), a resolution or length (224, 512, 4096), a generation right after an
    /// architecture (stable-diffusion-2), or other.
    /// </summary>
    private void ResolveNumbers(ReadOnlySpan<char> text, List<PendingElement> pending)
    {
        for (var i = 0; i < pending.Count; i++)
        {
            var item = pending[i];
            if (item.Kind != PendingKind.Number)
            {
                continue;
            }

            var digits = text.Slice(item.Start, item.Length);
            var previous = i > 0 ? pending[i - 1] : default;
            var next = i + 1 < pending.Count ? pending[i + 1] : default;
            if (TryDecimalCount(text, item, previous, next, out var joined) || TryUnderscoredGeneration(text, item, previous, next, out joined))
            {
                pending[i] = joined;
                pending[i + 1] = next with { Kind = PendingKind.Dropped };
                continue;
            }

            if (previous.Code == ElementCode.A && previous.ArchitectureId is { } id
                && _vocabulary.Architecture(id).Sizes.ContainsKey(digits.ToString()))
            {
                pending[i] = PendingElement.Known(ElementCode.S, item.Start, item.Length, digits.ToString());
                continue;
            }

            if (digits.Length == 1 && previous.Code == ElementCode.L && next.Code == ElementCode.L)
            {
                pending[i] = item with { Kind = PendingKind.Dropped };
                continue;
            }

            _ = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
            pending[i] = number switch
            {
                >= 96 and <= 65536 when number % 32 == 0 || number is 299 or 518 => PendingElement.Known(ElementCode.C, item.Start, item.Length, null),
                < 10 when digits.Length == 1 && previous.Code == ElementCode.A && previous.Kind == PendingKind.Known => PendingElement.Known(ElementCode.V, item.Start, item.Length, null),
                _ => PendingElement.Unknown(item.Start, item.Length),
            };
        }
    }

    /// <summary>
    /// A parameter count written without its decimal point: stablelm-2-1_6b (an underscore between digits is one), or
    /// opt-1-3b where the architecture's sizes say 1.3b and not 3b. Llama-2-7b stays generation 2 with 7B parameters.
    /// </summary>
    private bool TryDecimalCount(ReadOnlySpan<char> text, PendingElement digit, PendingElement previous, PendingElement next, out PendingElement joined)
    {
        joined = default;
        if (digit.Length != 1 || next.Code != ElementCode.P || next.Start != digit.Start + 2
            || !char.IsAsciiDigit(text[next.Start]) || text.Slice(next.Start, next.Length).Contains('.'))
        {
            return false;
        }

        var decimalText = $"{text[digit.Start]}.{text.Slice(next.Start, next.Length)}";
        var underscore = text[digit.Start + 1] == '_';
        var sizedSo = previous.Code == ElementCode.A && previous.ArchitectureId is { } id
            && _vocabulary.Architecture(id).Sizes is var sizes
            && sizes.ContainsKey(decimalText.ToLowerInvariant()) && !sizes.ContainsKey(text.Slice(next.Start, next.Length).ToString().ToLowerInvariant());
        if ((!underscore && !sizedSo) || !ParameterCount.TryParse(decimalText, _vocabulary.ParameterMultipliers, out var value))
        {
            return false;
        }

        joined = PendingElement.Known(ElementCode.P, digit.Start, next.Start + next.Length - digit.Start, value);
        return true;
    }

    /// <summary>
    /// A generation written with an underscore for its point right after the architecture: MiniCPM-V-2_6 is version
    /// 2.6, not version 2 and a stray 6.
    /// </summary>
    private static bool TryUnderscoredGeneration(ReadOnlySpan<char> text, PendingElement digit, PendingElement previous, PendingElement next, out PendingElement joined)
    {
        joined = default;
        if (digit.Length != 1 || previous is not { Code: ElementCode.A, Kind: PendingKind.Known } || next.Kind != PendingKind.Number
            || next.Length > 2 || next.Start != digit.Start + 2 || text[digit.Start + 1] != '_')
        {
            return false;
        }

        joined = PendingElement.Known(ElementCode.V, digit.Start, next.Start + next.Length - digit.Start, $"{text[digit.Start]}.{text.Slice(next.Start, next.Length)}");
        return true;
    }

    /// <summary>
    /// A name without a known architecture usually names its model with a word of its own: the first unknown token
    /// when the name gives a size or parameter count (giraffe-7b, palmyra-base), or an unknown first token followed
    /// by known elements (lyriel-v1.5, deprem-ner). Unknown words alone (fruits, sea_mammals) stay "other".
    /// </summary>
    private static void NameTheUnnamedArchitecture(List<PendingElement> pending)
    {
        var sized = false;
        var firstUnknown = -1;
        var known = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var item = pending[i];
            if (item.Kind == PendingKind.Known && item.Code == ElementCode.A)
            {
                return;
            }

            if (item.Kind == PendingKind.Dropped)
            {
                continue;
            }

            if (item.Kind == PendingKind.Unknown && firstUnknown < 0)
            {
                firstUnknown = i;
            }

            sized |= item.Kind == PendingKind.Known && item.Code is ElementCode.P or ElementCode.S;
            known += item.Kind == PendingKind.Known && item.Code != ElementCode.O ? 1 : 0;
        }

        if (firstUnknown >= 0 && (sized || (firstUnknown == 0 && known > 0)))
        {
            var item = pending[firstUnknown];
            pending[firstUnknown] = PendingElement.Known(ElementCode.A, item.Start, item.Length, null);
        }
    }

    /// <summary>
    /// A mixture of experts names its active parameters with an A glued to a count (Qwen3-235B-A22B, MoE-A2.7B,
    /// granite-1b-a400m), and Gemma 3n its effective ones with an E (gemma-3n-E4B holds about 8B): one word of its own,
    /// not a second total for the size check to hold against the model.
    /// </summary>
    private static void ReadActiveParameters(ReadOnlySpan<char> text, List<PendingElement> pending)
    {
        for (var i = 0; i + 1 < pending.Count; i++)
        {
            // Llama-4-Scout-17B-16E: 17B is what each token activates among 16 experts, not the model's size.
            if (pending[i] is { Code: ElementCode.P, Kind: PendingKind.Known } perToken && pending[i + 1].Code == ElementCode.O
                && IsExpertCount(text.Slice(pending[i + 1].Start, pending[i + 1].Length)) && NameText.IsSeparatorsOnly(text[(perToken.Start + perToken.Length)..pending[i + 1].Start]))
            {
                pending[i] = PendingElement.Known(ElementCode.O, perToken.Start, pending[i + 1].Start + pending[i + 1].Length - perToken.Start, null);
                pending.RemoveAt(i + 1);
                continue;
            }

            var marker = pending[i];
            var count = pending[i + 1];
            if (count.Code != ElementCode.P || count.Kind != PendingKind.Known || marker.Code != ElementCode.O
                || marker.Start + marker.Length != count.Start || text[count.Start - 1] is not ('A' or 'a' or 'E' or 'e')
                || (marker.Length > 1 && text[count.Start - 2] is not ('-' or '_')))
            {
                continue;
            }

            var start = count.Start - 1;
            var active = PendingElement.Known(ElementCode.O, start, count.Start + count.Length - start, null);
            if (marker.Length == 1)
            {
                pending[i] = active;
                pending.RemoveAt(i + 1);
            }
            else
            {
                pending[i] = marker with { Length = marker.Length - 2 };
                pending[i + 1] = active;
            }
        }
    }

    private static bool IsExpertCount(ReadOnlySpan<char> token) =>
        token.Length >= 2 && token[^1] is 'e' or 'E' && token[..^1].IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>
    /// A name states its size once; a second count is something else: the tokens seen (TinyLlama-1.1B-…-3T) or the
    /// context length (Qwen2.5-7B-Instruct-1M). It stays other rather than a second size to hold against the model.
    /// </summary>
    private static void KeepTheFirstParameterCount(List<PendingElement> pending)
    {
        var first = pending.FindIndex(item => item.Code == ElementCode.P && item.Kind == PendingKind.Known);
        for (var i = first + 1; first >= 0 && i < pending.Count; i++)
        {
            if (pending[i] is { Code: ElementCode.P, Kind: PendingKind.Known } later)
            {
                pending[i] = later with { Code = ElementCode.O, Value = null };
            }
        }
    }

    /// <summary>
    /// An unknown word that opens the name right before an architecture is that model's brand built on it
    /// (plat-diffusion, backpack-gpt2, yuren-baichuan): one architecture element covers both.
    /// </summary>
    private static void JoinBrandToArchitecture(ReadOnlySpan<char> text, List<PendingElement> pending)
    {
        if (pending.Count < 2 || pending[0].Kind != PendingKind.Unknown || pending[1].Kind != PendingKind.Known || pending[1].Code != ElementCode.A)
        {
            return;
        }

        var brand = pending[0];
        var architecture = pending[1];
        if (!NameText.IsLetters(text.Slice(brand.Start, brand.Length)) || !NameText.IsSeparatorsOnly(text[(brand.Start + brand.Length)..architecture.Start]))
        {
            return;
        }

        pending[1] = architecture with { Start = brand.Start, Length = architecture.Start + architecture.Length - brand.Start };
        pending.RemoveAt(0);
    }

    /// <summary>
    /// ExLlamaV2 quantizations name the bits of the output head beside the bits per weight (Yi-34B-4.0bpw-h6-exl2):
    /// there h6 is part of the quantization, not six attention heads to hold against the config.
    /// </summary>
    private static void ReadExl2HeadBits(ReadOnlySpan<char> text, List<PendingElement> pending)
    {
        var exl2 = false;
        foreach (var item in pending)
        {
            exl2 |= item.Code == ElementCode.Q
                && (item.Value == "exl2" || text.Slice(item.Start, item.Length).EndsWith("bpw", StringComparison.OrdinalIgnoreCase));
        }

        for (var i = 0; exl2 && i < pending.Count; i++)
        {
            if (pending[i] is { Code: ElementCode.H, Value: "6" or "8" } headBits)
            {
                pending[i] = headBits with { Code = ElementCode.Q, Value = null };
            }
        }
    }
}
