using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Portal.Components.Naming;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Naming;

public sealed class ElementChipsTests : ComponentTest
{
    private static readonly ElementDocument[] LlamaElements =
    [
        new("A", "Llama", "llama"),
        new("V", "3.1", "3.1"),
        new("P", "8B", "8000000000"),
        new("F", "Instruct", "instruct"),
    ];

    [Fact]
    public void Each_element_is_a_chip_with_its_code_in_order()
    {
        var chips = Context.Render<ElementChips>(p => p
            .Add(c => c.Name, "meta-llama/Llama-3.1-8B-Instruct")
            .Add(c => c.Elements, LlamaElements));

        var rendered = chips.FindAll(".dara-element-chip");
        Assert.Equal(["A", "V", "P", "F"], rendered.Select(c => c.QuerySelector(".dara-element-code")!.TextContent));
        Assert.Equal(["Llama", "3.1", "8B", "Instruct"], rendered.Select(c => c.QuerySelector(".dara-element-text")!.TextContent));
        Assert.All(rendered, c => Assert.Equal("0", c.GetAttribute("tabindex")));
    }

    [Fact]
    public void The_separators_between_elements_and_the_owner_are_shown_as_written()
    {
        var chips = Context.Render<ElementChips>(p => p
            .Add(c => c.Name, "meta-llama/Llama-3.1-8B-Instruct")
            .Add(c => c.Elements, LlamaElements));

        Assert.Equal("meta-llama/", chips.Find(".dara-element-owner").TextContent);
        Assert.Equal(["-", "-", "-"], chips.FindAll(".dara-element-gap").Select(g => g.TextContent));
    }

    [Theory]
    [InlineData("A", "#00AFFF", "#000000")]
    [InlineData("S", "#FFD700", "#000000")]
    [InlineData("P", "#FFAF00", "#000000")]
    [InlineData("T", "#87FFAF", "#000000")]
    [InlineData("L", "#FFAFFF", "#000000")]
    [InlineData("D", "#FFAF87", "#000000")]
    [InlineData("V", "#AFD7FF", "#000000")]
    [InlineData("F", "#5FFFD7", "#000000")]
    [InlineData("Q", "#FFFF87", "#000000")]
    [InlineData("W", "#FFFF87", "#000000")]
    [InlineData("O", "#5F5F5F", "#FFFFFF")]
    [InlineData("C", "#B2B2B2", "#000000")]
    public void Chips_have_the_colours_of_the_CLI_and_a_class_per_code(string code, string background, string foreground)
    {
        var chips = Context.Render<ElementChips>(p => p
            .Add(c => c.Name, "word")
            .Add(c => c.Elements, [new ElementDocument(code, "word", "word")]));

        var chip = chips.Find($".dara-element-{code}");
        var style = chip.GetAttribute("style");
        Assert.Contains($"background-color:{background}", style, StringComparison.Ordinal);
        Assert.Contains($"color:{foreground}", style, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tooltip_says_what_the_code_means_and_the_normalised_value()
    {
        var chips = Context.Render<ElementChips>(p => p
            .Add(c => c.Name, "meta-llama/Llama-3.1-8B-Instruct")
            .Add(c => c.Elements, LlamaElements));

        var tooltips = chips.FindComponents<MudTooltip>().Select(t => t.Instance.Text).ToList();
        Assert.Equal(
        [
            "A — Architecture: llama",
            "V — Version: 3.1",
            "P — Parameter count: 8,000,000,000 parameters",
            "F — Reuse method (fine-tuned, distilled, LoRA): instruct",
        ],
            tooltips);
        Assert.Equal("A — Architecture: llama", chips.Find(".dara-element-A").GetAttribute("aria-label"));
    }

    [Fact]
    public void Without_elements_the_name_is_parsed_with_the_engine()
    {
        var chips = Context.Render<ElementChips>(p => p.Add(c => c.Name, "google-bert/bert-base-uncased"));

        var codes = chips.FindAll(".dara-element-code").Select(c => c.TextContent).ToList();
        Assert.Equal("A", codes[0]);
        Assert.Contains("S", codes);
        Assert.Equal("bert", chips.Find(".dara-element-A .dara-element-text").TextContent);
    }

    [Fact]
    public void An_empty_name_says_it_has_no_elements()
    {
        var chips = Context.Render<ElementChips>(p => p.Add(c => c.Name, string.Empty));

        Assert.Empty(chips.FindAll(".dara-element-chip"));
        Assert.Equal("No naming elements", chips.Find(".dara-element-none").TextContent.Trim());
    }

    [Fact]
    public void A_name_still_loading_shows_a_skeleton()
    {
        var chips = Context.Render<ElementChips>(p => p.Add(c => c.Name, null));

        Assert.NotEmpty(chips.FindComponents<MudSkeleton>());
        Assert.Empty(chips.FindAll(".dara-element-chip"));
    }
}
