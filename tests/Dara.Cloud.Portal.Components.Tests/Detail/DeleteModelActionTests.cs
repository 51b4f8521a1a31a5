using AngleSharp.Dom;
using Dara.Cloud.Portal.Components.Detail;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Detail;

public sealed class DeleteModelActionTests : ComponentTest
{
    private const string Model = "acme/llama-7b";

    [Fact]
    public void Owners_are_offered_to_delete_the_model_and_members_who_may_not_delete_see_nothing()
    {
        var owner = Render(() => Task.CompletedTask);
        var member = Render(null);

        Assert.Equal("Delete model", owner.Find(".dara-delete-model-button").TextContent.Trim());
        Assert.Empty(member.FindAll(".dara-delete-model, button"));
    }

    [Fact]
    public void The_confirmation_names_the_model_and_says_its_verdict_history_and_review_are_lost()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var action = Render(() => Task.CompletedTask);

        action.Find(".dara-delete-model-button").Click();

        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll(".dara-delete-model-confirm")));
        Assert.Equal($"Delete {Model}?", dialogs.Find(".dara-delete-model-question").TextContent.Trim());
        Assert.Equal(Model, dialogs.Find(".dara-delete-model-name").TextContent);
        Assert.StartsWith(
            "Its verdict history and its review, with every step and comment, are lost and cannot be restored",
            Normalized(dialogs.Find(".dara-delete-model-loss").TextContent),
            StringComparison.Ordinal);
        Assert.Equal(["Keep it", "Delete model"], dialogs.FindAll(".dara-delete-model-confirm button").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public void Keeping_the_model_at_the_confirmation_deletes_nothing()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var deletes = 0;
        var action = Render(() =>
        {
            deletes++;
            return Task.CompletedTask;
        });

        action.Find(".dara-delete-model-button").Click();
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll(".dara-delete-model-confirm")));
        Button(dialogs, "Keep it").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".dara-delete-model-confirm")));
        Assert.Equal(0, deletes);
        Assert.False(action.Find(".dara-delete-model-button").HasAttribute("disabled"));
    }

    [Fact]
    public void Confirming_hands_the_delete_to_the_page_once()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var deletes = 0;
        var action = Render(() =>
        {
            deletes++;
            return Task.CompletedTask;
        });

        action.Find(".dara-delete-model-button").Click();
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll(".dara-delete-model-confirm")));
        Button(dialogs, "Delete model").Click();

        action.WaitForAssertion(() => Assert.Equal(1, deletes));
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".dara-delete-model-confirm")));
        Assert.Empty(action.FindAll(".dara-delete-model-error"));
    }

    [Fact]
    public void A_delete_that_fails_is_shown_without_the_exception_and_can_be_tried_again()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var action = Render(() => throw new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request [S127.0.0.1:11111]"));

        action.Find(".dara-delete-model-button").Click();
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll(".dara-delete-model-confirm")));
        Button(dialogs, "Delete model").Click();

        action.WaitForAssertion(() => Assert.Equal(DeleteModelAction.Failure, action.Find(".dara-delete-model-error").TextContent.Trim()));
        Assert.DoesNotContain("11111", action.Markup, StringComparison.Ordinal);
        Assert.False(action.Find(".dara-delete-model-button").HasAttribute("disabled"));
        Assert.Equal("Delete model", action.Find(".dara-delete-model-button").TextContent.Trim());
    }

    private IRenderedComponent<DeleteModelAction> Render(Func<Task>? delete) =>
        Context.Render<DeleteModelAction>(p => p.Add(c => c.RepoId, Model).Add(c => c.Delete, delete));

    private static IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static string Normalized(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
