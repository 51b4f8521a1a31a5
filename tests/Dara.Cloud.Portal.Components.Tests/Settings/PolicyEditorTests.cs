using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Portal.Components.Settings;

namespace Dara.Cloud.Portal.Components.Tests.Settings;

public sealed class PolicyEditorTests : ComponentTest
{
    private const string Mixed = "acme/BERT-Base-Uncased-SST2";

    private static readonly IReadOnlyList<(string Name, ModelFacts Facts, int CurrentScore)> Models =
        new[] { "acme/bert-base-uncased-sst2", Mixed }
            .Select(name => (name, Samples.BertClassifier, NameChecker.Default.Check(name, Samples.BertClassifier).Score)).ToList();

    [Fact]
    public void Switching_on_lower_case_moves_the_preview_scores()
    {
        var editor = RenderEditor();
        var preview = editor.FindComponent<PolicyPreview>();
        preview.WaitForAssertion(() => Assert.NotNull(preview.Instance.Result));

        editor.Find(".dara-policy-lowercase input").Change(true);

        preview.WaitForAssertion(() => Assert.True(preview.Instance.ResultPolicy?.Lowercase));
        Assert.Equal(-5, preview.Instance.Result!.Rows.Single(r => r.Name == Mixed).Change);
    }

    [Fact]
    public void Raising_the_severity_moves_the_preview_verdicts()
    {
        var editor = RenderEditor(PolicyRecord.Default with { Lowercase = true });
        var preview = editor.FindComponent<PolicyPreview>();
        preview.WaitForAssertion(() => Assert.Equal("ok", preview.Instance.Result?.Rows.Single(r => r.Name == Mixed).NewVerdict));

        editor.Find(".dara-policy-severity-error input").Click();

        preview.WaitForAssertion(() => Assert.Equal("error", preview.Instance.ResultPolicy?.Severity));
        var mixed = preview.Instance.Result!.Rows.Single(r => r.Name == Mixed);
        Assert.Equal("misnamed", mixed.NewVerdict);
        Assert.Equal(-40, mixed.Change);
    }

    [Fact]
    public void Saving_sends_the_edited_policy()
    {
        PolicyRecord? saved = null;
        var editor = RenderEditor(onSave: policy => saved = policy);
        Assert.True(editor.Find(".dara-policy-save").HasAttribute("disabled"));

        editor.Find(".dara-policy-lowercase input").Change(true);
        editor.Find(".dara-policy-order input").Input("T A");
        editor.Find(".dara-policy-new-word input").Input("final");
        editor.Find(".dara-policy-new-word input").KeyUp("Enter");
        editor.WaitForAssertion(() => Assert.Equal(["final"], editor.Instance.Draft.ForbiddenWords));
        editor.WaitForAssertion(() => Assert.False(editor.Find(".dara-policy-save").HasAttribute("disabled")));
        editor.Find(".dara-policy-save").Click();

        editor.WaitForAssertion(() => Assert.NotNull(saved));
        Assert.True(saved!.Lowercase);
        Assert.Equal(["T", "A"], saved.Order);
        Assert.Equal(["final"], saved.ForbiddenWords);
        Assert.Equal("info", saved.Severity);
    }

    [Fact]
    public void An_unknown_element_code_is_explained_and_cannot_be_saved()
    {
        var editor = RenderEditor();

        editor.Find(".dara-policy-order input").Input("A X");

        editor.WaitForAssertion(() => Assert.Contains("'X' is not a naming element code", editor.Find(".dara-policy-problem").TextContent, StringComparison.Ordinal));
        Assert.True(editor.Find(".dara-policy-save").HasAttribute("disabled"));
    }

    [Fact]
    public void Discarding_changes_goes_back_to_the_saved_policy()
    {
        var editor = RenderEditor();
        editor.Find(".dara-policy-lowercase input").Change(true);
        editor.WaitForAssertion(() => Assert.False(editor.Find(".dara-policy-reset").HasAttribute("disabled")));
        Assert.False(PolicyEditor.SamePolicy(PolicyRecord.Default, editor.Instance.Draft));

        editor.Find(".dara-policy-reset").Click();

        editor.WaitForAssertion(() => Assert.True(PolicyEditor.SamePolicy(PolicyRecord.Default, editor.Instance.Draft)));
        Assert.True(editor.Find(".dara-policy-save").HasAttribute("disabled"));
    }

    [Fact]
    public void A_viewer_sees_the_policy_but_cannot_change_it()
    {
        var editor = Context.Render<PolicyEditor>(p => p.Add(c => c.Policy, PolicyRecord.Default).Add(c => c.CanEdit, false));

        Assert.Empty(editor.FindAll(".dara-policy-save"));
        Assert.True(editor.Find(".dara-policy-lowercase input").HasAttribute("disabled"));
    }

    [Fact]
    public void A_policy_reloaded_after_someone_else_saved_drops_the_edits_and_shows_the_warning()
    {
        var editor = RenderEditor();
        editor.Find(".dara-policy-lowercase input").Change(true);
        editor.WaitForAssertion(() => Assert.True(editor.Instance.Draft.Lowercase));
        Assert.Empty(editor.FindAll(".dara-policy-stale"));

        // The page's save was refused: it passes the same values again under the newer revision, with its warning.
        editor.Render(p => p.Add(c => c.Policy, PolicyRecord.Default).Add(c => c.Revision, 2).Add(c => c.StaleWarning, "changed by someone else meanwhile; reloaded"));

        Assert.False(editor.Instance.Draft.Lowercase);
        Assert.Contains("changed by someone else meanwhile; reloaded", editor.Find(".dara-policy-stale").TextContent, StringComparison.Ordinal);
        Assert.True(editor.Find(".dara-policy-save").HasAttribute("disabled"));
    }

    [Fact]
    public void The_preview_is_told_how_many_models_the_organization_has()
    {
        var editor = Context.Render<PolicyEditor>(p => p
            .Add(c => c.Policy, PolicyRecord.Default).Add(c => c.PreviewModels, Models).Add(c => c.OrganizationModels, 30).Add(c => c.PreviewDebounceMilliseconds, 0));

        var preview = editor.FindComponent<PolicyPreview>();
        Assert.Equal(30, preview.Instance.OrganizationModels);
        preview.WaitForAssertion(() => Assert.Contains("the 2 most recently analysed of 30 models", preview.Find(".dara-policy-preview-average").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_policy_and_revision_passed_again_keep_the_edits()
    {
        var editor = RenderEditor();
        editor.Find(".dara-policy-lowercase input").Change(true);
        editor.WaitForAssertion(() => Assert.True(editor.Instance.Draft.Lowercase));

        editor.Render(p => p.Add(c => c.Policy, PolicyRecord.Default with { }).Add(c => c.Revision, 0));

        Assert.True(editor.Instance.Draft.Lowercase);
    }

    [Fact]
    public void Accepting_what_a_dismissal_taught_moves_it_into_the_policy_the_preview_scores_and_the_save_sends()
    {
        const string Llama = "acme/llama-sst2";
        var lesson = new DismissalLesson(new AcceptedFindingRecord(FindingCodes.ArchitectureMismatch, "llama"), [Llama], "Llama is the product's name", "bob@example.com", DateTimeOffset.UnixEpoch);
        PolicyRecord? saved = null;
        var editor = Context.Render<PolicyEditor>(p => p
            .Add(c => c.Policy, PolicyRecord.Default)
            .Add(c => c.Lessons, [lesson])
            .Add(c => c.PreviewModels, [(Llama, Samples.BertClassifier, NameChecker.Default.Check(Llama, Samples.BertClassifier).Score)])
            .Add(c => c.PreviewDebounceMilliseconds, 0)
            .Add(c => c.OnSave, policy => saved = policy));
        var preview = editor.FindComponent<PolicyPreview>();
        preview.WaitForAssertion(() => Assert.Equal("misnamed", preview.Instance.Result?.Rows.Single().NewVerdict));

        var row = editor.Find(".dara-policy-lesson");
        Assert.Contains("architecture-mismatch on 'llama'", row.TextContent, StringComparison.Ordinal);
        Assert.Contains($"dismissed on {Llama}: \"Llama is the product's name\" (bob@example.com)", row.TextContent, StringComparison.Ordinal);
        editor.Find(".dara-policy-lesson-accept").Click();

        Assert.Empty(editor.FindAll(".dara-policy-lesson"));
        Assert.Equal("architecture-mismatch on 'llama'", editor.Find(".dara-policy-accepted-finding").TextContent.Trim());
        preview.WaitForAssertion(() => Assert.Equal("ok", preview.Instance.Result?.Rows.Single().NewVerdict));
        editor.Find(".dara-policy-save").Click();
        editor.WaitForAssertion(() => Assert.NotNull(saved));
        Assert.Equal([lesson.Finding], saved!.AcceptedFindings!);
    }

    [Fact]
    public void A_member_who_is_not_an_owner_reads_the_lessons_without_a_button_to_accept_them()
    {
        var lesson = new DismissalLesson(new AcceptedFindingRecord(FindingCodes.UninformativeName, null), ["acme/a", "acme/b"], "internal tools", "bob@example.com", DateTimeOffset.UnixEpoch);

        var editor = Context.Render<PolicyEditor>(p => p.Add(c => c.Policy, PolicyRecord.Default).Add(c => c.Lessons, [lesson]).Add(c => c.CanEdit, false));

        Assert.Contains("uninformative-name", editor.Find(".dara-policy-lesson").TextContent, StringComparison.Ordinal);
        Assert.Contains("dismissed on 2 models", editor.Find(".dara-policy-lesson").TextContent, StringComparison.Ordinal);
        Assert.Empty(editor.FindAll(".dara-policy-lesson-accept"));
    }

    private IRenderedComponent<PolicyEditor> RenderEditor(PolicyRecord? policy = null, Action<PolicyRecord>? onSave = null) =>
        Context.Render<PolicyEditor>(p =>
        {
            p.Add(c => c.Policy, policy ?? PolicyRecord.Default)
                .Add(c => c.PreviewModels, Models)
                .Add(c => c.PreviewDebounceMilliseconds, 0);
            if (onSave is not null)
            {
                p.Add(c => c.OnSave, onSave);
            }
        });
}
