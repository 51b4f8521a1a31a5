using System.Text;
using Dara.Cloud.Registry.Webhooks;

namespace Dara.Cloud.Registry.Tests;

public sealed class HubWebhookPayloadTests
{
    private const string Sha = "c379e821c9c95d613899e8c4343e4bfee2b0c600";

    private static byte[] Payload(string scope, string action, string type = "model", string name = "openai-community/gpt2", string? headSha = Sha) =>
        Encoding.UTF8.GetBytes($$$"""
            { "event": {"action": "{{{action}}}", "scope": "{{{scope}}}"},
              "repo": {"type": "{{{type}}}", "name": "{{{name}}}", "id": "621ffdc036468d709f17434d", "private": false,
                       "url": {"web": "https://huggingface.co/{{{name}}}", "api": "https://huggingface.co/api/models/{{{name}}}"},
                       {{{(headSha is null ? "" : $"\"headSha\": \"{headSha}\",")}}} "owner": {"id": "628b753283ef59b5be89e937"}},
              "webhook": {"id": "6390e855e30d9209411de93b", "version": 3} }
            """);

    [Fact]
    public void The_documented_discussion_example_is_read()
    {
        var json = Encoding.UTF8.GetBytes("""
            { "event": {"action": "create", "scope": "discussion"},
              "repo": {"type": "model", "name": "openai-community/gpt2", "id": "621ffdc036468d709f17434d", "private": false,
                       "url": {"web": "https://huggingface.co/openai-community/gpt2", "api": "https://huggingface.co/api/models/openai-community/gpt2"},
                       "headSha": "c379e821c9c95d613899e8c4343e4bfee2b0c600", "owner": {"id": "628b753283ef59b5be89e937"}},
              "discussion": {"id": "x", "num": 19, "title": "Update", "status": "open", "isPullRequest": true,
                             "author": {"id": "y"}, "url": {"web": "w", "api": "a"}, "changes": {"base": "refs/heads/main"}},
              "comment": {"id": "z", "author": {"id": "y"}, "content": "Add weights", "hidden": false, "url": {"web": "w"}},
              "webhook": {"id": "6390e855e30d9209411de93b", "version": 3} }
            """);

        var hubEvent = HubWebhookPayload.Parse(json);

        Assert.Equal(new HubEvent("discussion", "create", "model", "openai-community/gpt2", Sha), hubEvent);
        Assert.False(WebhookScopes.ChangesContent(hubEvent));
    }

    [Theory]
    [InlineData("repo", "create", "repo", "create", true)]
    [InlineData("repo", "delete", "repo", "delete", true)]
    [InlineData("repo.content", "update", "repo.content", "update", true)]
    [InlineData("repo.config", "update", "repo.config", "update", false)]
    [InlineData("repo.config.dois", "create", "repo.config", "update", false)]
    [InlineData("repo.content.lfs", "create", "repo.content", "update", true)]
    [InlineData("discussion.comment.reaction", "create", "discussion.comment", "update", false)]
    public void Scopes_are_read_and_unknown_narrower_ones_are_updates_of_their_parent(string scope, string action, string expectedScope, string expectedAction, bool changesContent)
    {
        var hubEvent = HubWebhookPayload.Parse(Payload(scope, action));

        Assert.Equal(expectedScope, hubEvent.Scope);
        Assert.Equal(expectedAction, hubEvent.Action);
        Assert.Equal(changesContent, WebhookScopes.ChangesContent(hubEvent));
    }

    [Fact]
    public void Only_model_repositories_change_model_content()
    {
        Assert.False(WebhookScopes.ChangesContent(HubWebhookPayload.Parse(Payload("repo.content", "update", type: "dataset"))));
        Assert.Null(HubWebhookPayload.Parse(Payload("repo.content", "update", headSha: null)).HeadSha);
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"event\": {\"action\": \"create\", \"scope\": \"repo\"}", "not JSON")]
    [InlineData("{\"repo\": {\"type\": \"model\", \"name\": \"a/b\"}}", "no 'event' object")]
    [InlineData("{\"event\": {\"action\": \"create\"}, \"repo\": {\"type\": \"model\", \"name\": \"a/b\"}}", "'event.scope'")]
    [InlineData("{\"event\": {\"action\": \"create\", \"scope\": \"repo\"}, \"repo\": {\"type\": \"model\", \"name\": 7}}", "'repo.name'")]
    [InlineData("{\"event\": {\"action\": \"create\", \"scope\": \"repo\"}, \"repo\": {\"type\": \"model\", \"name\": \"../../etc\"}}", "not a Hub repository id")]
    [InlineData("{\"event\": {\"action\": \"create\", \"scope\": \"repo\"}, \"repo\": {\"type\": \"model\", \"name\": \"a/b\", \"headSha\": \"main\"}}", "not a commit hash")]
    public void A_malformed_payload_is_refused_with_what_is_wrong(string json, string expected)
    {
        var error = Assert.Throws<WebhookPayloadException>(() => HubWebhookPayload.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_or_deeply_nested_payload_is_refused()
    {
        Assert.Throws<WebhookPayloadException>(() => HubWebhookPayload.Parse(new byte[HubWebhookPayload.MaxBytes + 1]));
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        Assert.Throws<WebhookPayloadException>(() => HubWebhookPayload.Parse(Encoding.UTF8.GetBytes(deep)));
    }
}
