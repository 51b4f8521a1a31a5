using Dara.Cloud.Portal.Components.Check;
using Microsoft.AspNetCore.Components.Forms;

namespace Dara.Cloud.Portal.Components.Tests.Check;

public sealed class CheckDropZoneTests : ComponentTest
{
    [Theory]
    [InlineData("config.json", CheckFileKind.Config)]
    [InlineData("quantize_config.json", CheckFileKind.Config)]
    [InlineData("model.safetensors.index.json", CheckFileKind.WeightMap)]
    [InlineData("pytorch_model.bin.index.json", CheckFileKind.WeightMap)]
    [InlineData("model-00001-of-00002.safetensors", CheckFileKind.Safetensors)]
    [InlineData("onnx/model.onnx", CheckFileKind.Onnx)]
    [InlineData("README.md", CheckFileKind.ModelCard)]
    [InlineData("readme.md", CheckFileKind.ModelCard)]
    [InlineData("tokenizer.json", CheckFileKind.Unsupported)]
    [InlineData("pytorch_model.bin", CheckFileKind.Unsupported)]
    [InlineData("notes.md", CheckFileKind.Unsupported)]
    public void Files_are_told_apart_by_name(string name, CheckFileKind kind) => Assert.Equal(kind, CheckFileKinds.Of(name));

    [Fact]
    public void Dropped_files_the_check_reads_are_listed_and_others_refused_with_a_reason()
    {
        var zone = Context.Render<CheckDropZone>();

        zone.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("{}", "config.json"),
            InputFileContent.CreateFromBinary(new byte[64], "model.safetensors"),
            InputFileContent.CreateFromBinary(new byte[8], "pytorch_model.bin"));

        zone.WaitForAssertion(() => Assert.Equal(["config.json", "model.safetensors"], zone.Instance.Files.Select(f => f.Name)));
        Assert.Equal([CheckFileKind.Config, CheckFileKind.Safetensors], zone.Instance.Files.Select(f => f.Kind));
        Assert.Contains("pytorch_model.bin: not a file the check reads", zone.Find(".dara-check-rejected").TextContent, StringComparison.Ordinal);
        Assert.Contains("header only", zone.FindAll(".dara-check-file")[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_dropped_file_shows_its_size_in_binary_units_as_the_rest_of_the_product_does()
    {
        var zone = Context.Render<CheckDropZone>();

        zone.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("{}", "config.json"),
            InputFileContent.CreateFromBinary(new byte[2_887], "README.md"),
            InputFileContent.CreateFromBinary(new byte[406_688], "model.safetensors"));

        // They read "2B", "2.89KB" and "407KB": decimal kilobytes without a space, unlike the CLI's and the API's KiB.
        zone.WaitForAssertion(() => Assert.Equal(3, zone.FindAll(".dara-check-file").Count));
        Assert.Equal(["2 B", "2.8 KiB", "397.2 KiB, header only"], zone.FindAll(".dara-check-file-size").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void Checking_raises_the_files_and_the_name()
    {
        CheckSubmission? submitted = null;
        var zone = Context.Render<CheckDropZone>(p => p.Add(c => c.OnCheck, s => submitted = s));
        Assert.True(zone.Find(".dara-check-submit").HasAttribute("disabled"));

        zone.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("{\"model_type\":\"bert\"}", "config.json"));
        zone.Find(".dara-check-repo-id input").Input("acme/bert-base-sst2");
        zone.WaitForAssertion(() => Assert.False(zone.Find(".dara-check-submit").HasAttribute("disabled")));
        zone.Find(".dara-check-submit").Click();

        zone.WaitForAssertion(() => Assert.NotNull(submitted));
        Assert.Equal("acme/bert-base-sst2", submitted!.RepoId);
        Assert.Equal("config.json", Assert.Single(submitted.Files).Name);
    }

    [Fact]
    public void A_Hub_id_alone_can_be_checked_but_a_bare_name_needs_files()
    {
        CheckSubmission? submitted = null;
        var zone = Context.Render<CheckDropZone>(p => p.Add(c => c.OnCheck, s => submitted = s));

        zone.Find(".dara-check-repo-id input").Input("bert-base");
        zone.WaitForAssertion(() => Assert.True(zone.Find(".dara-check-submit").HasAttribute("disabled")));
        zone.Find(".dara-check-repo-id input").Input("google-bert/bert-base-uncased");
        zone.WaitForAssertion(() => Assert.False(zone.Find(".dara-check-submit").HasAttribute("disabled")));
        zone.Find(".dara-check-repo-id input").KeyUp("Enter");

        zone.WaitForAssertion(() => Assert.Equal(new CheckSubmission([], "google-bert/bert-base-uncased").RepoId, submitted?.RepoId));
        Assert.Empty(submitted!.Files);
    }

    [Fact]
    public void An_id_that_is_no_model_id_is_explained()
    {
        var zone = Context.Render<CheckDropZone>();

        zone.Find(".dara-check-repo-id input").Input("acme/bad name/x");

        zone.WaitForAssertion(() => Assert.Contains("'acme/bad name/x' has more than one '/': give it as owner/name.", zone.Markup, StringComparison.Ordinal));
        Assert.True(zone.Find(".dara-check-submit").HasAttribute("disabled"));
    }

    [Fact]
    public void An_id_the_Hub_forbids_is_told_why_though_it_is_written_as_owner_name()
    {
        var zone = Context.Render<CheckDropZone>();

        zone.Find(".dara-check-repo-id input").Input("Avent-IQ/t5--medical--chatbot");

        zone.WaitForAssertion(() => Assert.Contains("The name 't5--medical--chatbot' has '--', which the Hub does not allow in ids.", zone.Markup, StringComparison.Ordinal));
        Assert.True(zone.Find(".dara-check-submit").HasAttribute("disabled"));
    }

    [Fact]
    public void A_bare_name_without_files_says_why_it_cannot_be_checked_yet()
    {
        var zone = Context.Render<CheckDropZone>();
        Assert.Contains("Without files, the model is read from the Hugging Face Hub", zone.Find(".dara-check-repo-id").TextContent, StringComparison.Ordinal);

        zone.Find(".dara-check-repo-id input").Input("bert-base-uncased");

        // Check stayed off with nothing to say why: a name alone is read from the Hub only as owner/name.
        zone.WaitForAssertion(() => Assert.Contains(
            "A name alone is checked against dropped files: drop them, or type the Hub model's owner/name", zone.Find(".dara-check-repo-id").TextContent, StringComparison.Ordinal));
        Assert.True(zone.Find(".dara-check-submit").HasAttribute("disabled"));
        zone.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("{}", "config.json"));
        zone.WaitForAssertion(() => Assert.Contains("The name to check the files against", zone.Find(".dara-check-repo-id").TextContent, StringComparison.Ordinal));
        Assert.False(zone.Find(".dara-check-submit").HasAttribute("disabled"));
    }

    [Fact]
    public void The_file_input_is_named_for_screen_readers()
    {
        var zone = Context.Render<CheckDropZone>();

        Assert.Equal("Model files to check", zone.Find("input[type=file]").GetAttribute("aria-label"));
    }

    [Fact]
    public void A_file_dropped_again_replaces_the_earlier_one_and_can_be_removed()
    {
        var zone = Context.Render<CheckDropZone>();
        var input = zone.FindComponent<InputFile>();

        input.UploadFiles(InputFileContent.CreateFromText("{}", "config.json"), InputFileContent.CreateFromText("# card", "README.md"));
        input.UploadFiles(InputFileContent.CreateFromText("{\"a\":1}", "config.json"));
        zone.WaitForAssertion(() => Assert.Equal(["README.md", "config.json"], zone.Instance.Files.Select(f => f.Name)));

        zone.FindAll(".dara-check-remove")[0].Click();

        zone.WaitForAssertion(() => Assert.Equal(["config.json"], zone.Instance.Files.Select(f => f.Name)));
    }

    [Fact]
    public void While_checking_the_controls_are_disabled()
    {
        var zone = Context.Render<CheckDropZone>(p => p.Add(c => c.Busy, true));

        Assert.True(zone.Find(".dara-check-submit").HasAttribute("disabled"));
        Assert.Contains("Checking", zone.Find(".dara-check-submit").TextContent, StringComparison.Ordinal);
    }
}
