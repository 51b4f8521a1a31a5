using CsCheck;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Tests.Naming;

public sealed class NameParserPropertyTests
{
    private static readonly NameParser Parser = NameParser.Default;

    // Names built from real vocabulary, separators and noise, so the generator reaches the parser's rules
    // (phrases, glued words, numbers, language codes) rather than only random letters.
    private static readonly string[] Pieces =
    [
        "bert", "RoBERTa", "xlm", "r", "llama", "2", "7b", "8x7B", "1.3B", "125m", "base", "large", "v2", "v1.5", "L6", "H-768",
        "q4", "K", "M", "gguf", "fp16", "en", "it", "zh", "2", "squad2", "in1k", "finetuned", "ner", "T5PRJ", "resnet50", "yolov5s",
        "all", "MiniLM", "中文", "🤖", "..", "/", "\u0000", "x", "0", "2507", "Instruct", "chat", "GPTQ", "a", "३", "٣b", "Ⅻ", "ß",
    ];

    private static readonly Gen<string> Names = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char.AlphaNumeric, 0, 40],
        Gen.Select(
            Gen.Int[0, Pieces.Length - 1].Array[0, 12],
            Gen.Char["-_. /"].Array[12],
            (indices, separators) => string.Concat(indices.Select((p, i) => Pieces[p] + separators[i]))));

    [Fact]
    public void Parsing_never_throws() =>
        Names.Sample(name => Parser.Parse(name) is not null);

    [Fact]
    public void Parsing_is_deterministic() =>
        Names.Sample(name => Parser.Parse(name).Elements.SequenceEqual(Parser.Parse(name).Elements));

    [Fact]
    public void Elements_are_substrings_of_the_name_in_order_without_overlap() =>
        Names.Sample(name =>
        {
            var parsed = Parser.Parse(name);
            var end = 0;
            foreach (var element in parsed.Elements)
            {
                if (element.Start < end || element.Length <= 0 || element.Start + element.Length > parsed.Name.Length
                    || parsed.Name.Substring(element.Start, element.Length) != element.Text)
                {
                    return false;
                }

                end = element.Start + element.Length;
            }

            return true;
        });

    [Fact]
    public void Every_element_has_a_value() =>
        Names.Sample(name => Parser.Parse(name).Elements.All(e => !string.IsNullOrEmpty(e.Value)));

    [Fact]
    public void The_owner_never_changes_the_elements() =>
        Gen.Select(Names, Gen.String[Gen.Char.AlphaNumeric, 1, 12])
            .Sample((name, owner) =>
            {
                var alone = name.Contains('/') ? name[(name.LastIndexOf('/') + 1)..] : name;
                return Parser.Parse(owner + "/" + alone).Elements.SequenceEqual(Parser.Parse(alone).Elements);
            });

    [Fact]
    public void Ten_kilobyte_names_are_read_only_up_to_the_cap() =>
        Gen.String[Gen.Char, 10_240, 10_240].Sample(
            name => Parser.Parse(name).Elements.All(e => e.Start + e.Length <= NameParser.MaxNameLength),
            iter: 50);
}
