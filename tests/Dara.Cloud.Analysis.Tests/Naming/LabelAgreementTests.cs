using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Tests.Naming;

public sealed class LabelAgreementTests
{
    [Fact]
    public void Two_labels_of_one_name_that_disagree_on_a_code_count_one_false_positive_and_one_false_negative()
    {
        // The same name under two owners; only one label calls "squad" a task.
        var labels = LabelsJson.Parse("""{"a/bert-base-squad": ["A", "S", "T"], "b/bert-base-squad": ["A", "S", "D"]}""");

        var agreement = LabelAgreement.Measure(labels, NameParser.Default);

        Assert.Equal((1, 2), (agreement.Groups, agreement.Names));
        Assert.Equal(new ScoreCounts(2, 0, 0), agreement[ElementCode.A]!.LabelsWithEachOther);
        Assert.Equal(new ScoreCounts(0, 1, 1), agreement[ElementCode.T]!.LabelsWithEachOther);
        Assert.Equal(new ScoreCounts(0, 1, 1), agreement[ElementCode.D]!.LabelsWithEachOther);
        Assert.Equal(0.0, agreement[ElementCode.T]!.LabelsWithEachOther.F1);
    }

    [Fact]
    public void The_parser_is_scored_against_each_label_of_the_group()
    {
        var labels = LabelsJson.Parse("""{"a/bert-base-squad": ["A", "S", "T"], "b/bert-base-squad": ["A", "S", "D"]}""");
        var parsed = NameParser.Default.Parse("a/bert-base-squad").Elements.Select(e => e.Code).ToHashSet();

        var agreement = LabelAgreement.Measure(labels, NameParser.Default);

        // Whatever the parser makes of "squad", it agrees with one of the two labels and not with the other.
        var squad = parsed.Contains(ElementCode.T) ? ElementCode.T : ElementCode.D;
        Assert.Equal(new ScoreCounts(1, 1, 0), agreement[squad]!.ParserWithLabels);
        Assert.Equal(new ScoreCounts(2, 0, 0), agreement[ElementCode.A]!.ParserWithLabels);
    }

    [Fact]
    public void Names_are_grouped_without_their_owner_and_case()
    {
        var labels = LabelsJson.Parse("""{"a/Llama-7b-hf": ["A", "P", "O"], "b/llama-7b-HF": ["A", "P", "O"], "c/llama-7b": ["A", "P"]}""");

        var agreement = LabelAgreement.Measure(labels, NameParser.Default);

        Assert.Equal((1, 2), (agreement.Groups, agreement.Names));
        Assert.Equal(1.0, agreement.LabelsWithEachOther.F1);
        Assert.Equal("llama-7b-hf", LabelAgreement.NameWithoutOwner("b/llama-7b-HF"));
        Assert.Equal("gpt2", LabelAgreement.NameWithoutOwner("gpt2"));
    }

    [Fact]
    public void A_name_copied_under_a_hundred_thousand_owners_is_counted_without_comparing_every_pair()
    {
        // Half the copies call "squad" a task: 5e9 ordered pairs agree on T, more than an int holds.
        const int copies = 100_000;
        var labels = Enumerable.Range(0, copies).ToDictionary(
            i => $"owner{i}/bert-base-squad",
            i => (IReadOnlySet<ElementCode>)new HashSet<ElementCode> { ElementCode.A, i % 2 == 0 ? ElementCode.T : ElementCode.D });

        var agreement = LabelAgreement.Measure(labels, NameParser.Default);

        const long half = copies / 2;
        Assert.Equal((1, copies), (agreement.Groups, agreement.Names));
        Assert.Equal(new ScoreCounts(half * (half - 1), half * half, half * half), agreement[ElementCode.T]!.LabelsWithEachOther);
        Assert.Equal(new ScoreCounts((long)copies * (copies - 1), 0, 0), agreement[ElementCode.A]!.LabelsWithEachOther);
    }

    [Fact]
    public void Names_labelled_once_give_nothing_to_compare()
    {
        var labels = LabelsJson.Parse("""{"google/albert-base-v2": ["A", "S", "V"], "someone/fruits": ["T"]}""");

        var agreement = LabelAgreement.Measure(labels, NameParser.Default);

        Assert.Equal((0, 0), (agreement.Groups, agreement.Names));
        Assert.Empty(agreement.Codes);
        Assert.Equal(default, agreement.LabelsWithEachOther);
    }
}
