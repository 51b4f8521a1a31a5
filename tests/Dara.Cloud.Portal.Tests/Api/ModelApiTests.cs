using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dara.Cloud.Cli.Tests.Commands;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Portal.Tests.Api;

[Collection(PortalCollection.Name)]
public sealed class ModelApiTests(PortalFactory portal)
{
    private const string Owner = "models-owner@example.com";

    [Fact]
    public async Task An_upload_answers_201_with_the_check_document_and_the_model_reads_back_with_it()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);

        using var upload = await client.PostAsync($"/api/orgs/{org}/models", Multipart.Upload(
            "acme/llama-7b",
            ("config.json", Encoding.UTF8.GetBytes(ApiCalls.BertConfig)),
            ("model.safetensors", ApiCalls.TinyBertWeights())));
        var document = await upload.Content.ReadAsStringAsync();
        var model = await client.GetFromJsonAsync<JsonObject>(upload.Headers.Location);

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal($"/api/orgs/{org}/models/acme/llama-7b", upload.Headers.Location?.OriginalString);
        var verdict = JsonNode.Parse(document)!;
        Assert.Equal("acme/llama-7b", verdict["name"]!.GetValue<string>());
        Assert.Equal("misnamed", verdict["verdict"]!.GetValue<string>());
        Assert.Contains(verdict["findings"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "architecture-mismatch");
        Assert.NotNull(verdict["suggested_name"]);
        Assert.Equal(document, model!["verdict"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("upload", model["origin"]!["kind"]!.GetValue<string>());
        Assert.Equal("open", model["review"]!["status"]!.GetValue<string>());
        Assert.NotNull(model["history"]);
    }

    public static TheoryData<string> RealFolders() => RealModelFolders.Sample(foldersOnly: true);

    [RealDataTheory]
    [MemberData(nameof(RealFolders))]
    public async Task Real_model_folders_uploaded_whole_get_the_engines_own_verdict(string folder)
    {
        var org = await portal.CreateOrgAsync(Owner);
        var path = Path.Combine(RealData.Root, folder);
        const string name = "real-owner/real-model-7b";

        using var upload = await portal.As(Owner).PostAsync($"/api/orgs/{org}/models", Multipart.Folder(name, path));
        var local = await CliRun.RunAsync("check", path, "--name", name, "--format", "json");

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(local.Out.TrimEnd('\n'), await upload.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_models_are_404()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);

        using var missing = await client.GetAsync($"/api/orgs/{org}/models/acme/nothing-here");
        using var invalid = await client.GetAsync($"/api/orgs/{org}/models/acme/bad..name");
        using var reanalyze = await client.PostAsync($"/api/orgs/{org}/models/acme/nothing-here/reanalyze", null);
        using var delete = await client.DeleteAsync($"/api/orgs/{org}/models/acme/nothing-here");

        Assert.All([missing, invalid, reanalyze, delete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("config.json", "{ this is not json")]
    [InlineData("config.json", "[1, 2, 3]")]
    [InlineData("model.safetensors", "\u0010\u0000\u0000\u0000\u0000\u0000\u0000\u0000{\"a\": 1}")]
    [InlineData("model.onnx", "not protobuf at all, just text")]
    [InlineData("model.gguf", "GGUF but then nothing sensible")]
    public async Task A_malformed_artifact_gets_an_unreadable_verdict_naming_the_problem(string path, string content)
    {
        var org = await portal.CreateOrgAsync(Owner);

        using var response = await portal.As(Owner).PostAsync($"/api/orgs/{org}/models", Multipart.Upload("acme/broken-model", (path, content)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var verdict = await response.ReadObjectAsync();
        Assert.Equal("unreadable", verdict["verdict"]!.GetValue<string>());
        var problem = Assert.Single(verdict["problems"]!.AsArray());
        Assert.Equal(path, problem!["file"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["problem"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_safetensors_file_over_100_MB_streams_through_and_only_its_header_is_read()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var builder = new SafetensorsBuilder()
            .Add("bert.embeddings.word_embeddings.weight", "F32", 30522, 768)
            .Add("bert.encoder.layer.0.intermediate.dense.weight", "F32", 3072, 768);
        var content = new GeneratedContent(builder.HeaderBytes(), builder.DataLength);
        Assert.True(content.Length > 100_000_000);

        using var response = await portal.As(Owner).PostAsync($"/api/orgs/{org}/models", Multipart.Upload(
            "acme/bert-base", ("config.json", (HttpContent)new StringContent(ApiCalls.BertConfig)), ("model.safetensors", content)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var verdict = await response.ReadObjectAsync();
        Assert.Equal(builder.FileLength, verdict["facts"]!["weight_bytes"]!.GetValue<long>());
        Assert.Contains("safetensors", verdict["facts"]!["formats"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.True(verdict["problems"]!.AsArray().Count == 0, verdict["problems"]!.ToJsonString());
    }

    [Fact]
    public async Task A_file_over_its_limit_is_413_before_the_upload_is_read_whole()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var content = new GeneratedContent("{\"padding\": \""u8.ToArray(), 4L << 30);

        using var form = Multipart.Upload("acme/huge", ("config.json", (HttpContent)content));

        var answer = await RawHttp.PostAsync(portal.Address, $"/api/orgs/{org}/models", [new("X-Dev-User", Owner)], form);
        var pulled = content.Sent;

        Assert.Equal(413, answer.Status);
        Assert.Contains("config.json", JsonNode.Parse(answer.Body)!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(pulled < 1L << 30, $"{pulled:N0} of 4 GiB were sent before the 413");
    }

    [Fact]
    public async Task Uploads_are_validated()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);

        using var noName = await client.PostAsync($"/api/orgs/{org}/models", Multipart.Upload(null, ("config.json", ApiCalls.BertConfig)));
        using var badName = await client.PostAsync($"/api/orgs/{org}/models", Multipart.Upload("no-owner", ("config.json", ApiCalls.BertConfig)));
        using var noFiles = await client.PostAsync($"/api/orgs/{org}/models", Multipart.Upload("acme/x", Array.Empty<(string, byte[])>()));
        using var escape = await client.PostAsync($"/api/orgs/{org}/models", Multipart.Upload("acme/x", ("../config.json", ApiCalls.BertConfig)));
        using var text = await client.PostAsync($"/api/orgs/{org}/models", new StringContent("hello"));

        Assert.All([noName, badName, noFiles, escape], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task A_refused_model_id_is_told_what_is_wrong_with_it_rather_than_to_give_the_owner_name_it_already_is()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);

        // A real Hub-style folder name: the Hub forbids "--", and "Give the model's name as owner/name" did not say so.
        using var doubleDash = await client.PostAsync($"/api/orgs/{org}/models", Multipart.Upload("Avent-IQ/t5--medical--chatbot", ("config.json", ApiCalls.BertConfig)));
        using var spaced = await client.PostAsJsonAsync($"/api/orgs/{org}/models", new { hf = "acme/bert base" });
        using var noOwner = await client.PostAsync($"/api/orgs/{org}/models", Multipart.Upload("bert-base", ("config.json", ApiCalls.BertConfig)));

        Assert.Equal("The name 't5--medical--chatbot' has '--', which the Hub does not allow in ids.", await ErrorAsync(doubleDash, "name"));
        Assert.Equal("The name 'bert base' has a space: use letters, digits, '-', '_' and '.' only.", await ErrorAsync(spaced, "hf"));
        Assert.Equal("'bert-base' has no owner: give it as owner/name.", await ErrorAsync(noOwner, "name"));
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]!.AsArray())!.GetValue<string>();
    }

    [Fact]
    public async Task A_model_registers_from_the_hub_by_its_id()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var hubId = $"hub-{Guid.NewGuid():N}"[..20] + "/bert-base-uncased";
        portal.Hub.AddModel(hubId, new Dictionary<string, byte[]> { ["config.json"] = Encoding.UTF8.GetBytes(ApiCalls.BertConfig) });

        using var response = await portal.As(Owner).PostAsJsonAsync($"/api/orgs/{org}/models", new { hf = hubId });
        using var invalid = await portal.As(Owner).PostAsJsonAsync($"/api/orgs/{org}/models", new { hf = "not a repo" });
        var model = await portal.As(Owner).GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models/{hubId}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("ok", (await response.ReadObjectAsync())["verdict"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("hub", model!["origin"]!["kind"]!.GetValue<string>());
        Assert.Equal(hubId, model["origin"]!["hubId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Registering_a_model_the_hub_does_not_have_is_a_404_and_registers_nothing()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var hubId = $"nobody-{Guid.NewGuid():N}"[..20] + "/no-such-model";

        using var response = await portal.As(Owner).PostAsJsonAsync($"/api/orgs/{org}/models", new { hf = hubId });
        using var after = await portal.As(Owner).GetAsync($"/api/orgs/{org}/models/{hubId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no such model on the Hub", (await response.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Registering_while_the_hub_is_out_of_reach_is_a_503_and_registers_nothing()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var hubId = $"down-{Guid.NewGuid():N}"[..20] + "/bert-base-uncased";
        portal.Hub.Faults.Enqueue(FaultKind.ServiceUnavailable, times: FaultInjector.Always, pathContains: hubId);

        using var response = await portal.As(Owner).PostAsJsonAsync($"/api/orgs/{org}/models", new { hf = hubId });
        using var after = await portal.As(Owner).GetAsync($"/api/orgs/{org}/models/{hubId}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        // Asked once (no retries in these tests): the analysis does not go to the Hub again after it failed to answer,
        // which took a real registration past the 30 s call timeout into a bare 500.
        Assert.Single(portal.Hub.Requests, r => r.Path.Contains(hubId, StringComparison.Ordinal));
        Assert.Contains("nothing was changed", (await response.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task The_model_list_filters_sorts_pages_and_validates()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);
        foreach (var name in new[] { "acme/bert-base", "acme/bert-large", "other/llama-7b", "other/gpt2-small" })
        {
            using var upload = await client.UploadAsync(org, name);
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        var ok = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?verdict=ok&sort=name");
        var misnamed = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?finding=architecture-mismatch");
        var byAuthor = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?author=other&pageSize=1&page=2&sort=name");
        var text = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?q=LARGE");
        var flagged = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?verdict=flagged&sort=name");
        using var tooBig = await client.GetAsync($"/api/orgs/{org}/models?pageSize=201");
        using var badSort = await client.GetAsync($"/api/orgs/{org}/models?sort=size&verdict=great&minScore=90&maxScore=10");

        Assert.Equal(["bert-base"], ok!["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(["gpt2-small", "llama-7b"], misnamed!["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(2, byAuthor!["total"]!.GetValue<int>());
        Assert.Equal("llama-7b", Assert.Single(byAuthor["items"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal("bert-large", Assert.Single(text!["items"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(["bert-large", "gpt2-small", "llama-7b"], flagged!["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.All(flagged["items"]!.AsArray(), i => Assert.Contains(i!["verdict"]!.GetValue<string>(), new[] { "misnamed", "suspicious" }));
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        var errors = (await badSort.ReadObjectAsync())["errors"]!.AsObject();
        Assert.Equal(["minScore", "sort", "verdict"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    /// <summary>An organization of <see cref="Owner"/> with acme/bert-base and other/llama-7b uploaded.</summary>
    private async Task<string> OrgWithTwoModelsAsync()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);
        foreach (var name in new[] { "acme/bert-base", "other/llama-7b" })
        {
            using var upload = await client.UploadAsync(org, name);
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        return org;
    }

    [Fact]
    public async Task The_model_list_filters_by_review_status_and_refuses_an_unknown_one()
    {
        var org = await OrgWithTwoModelsAsync();
        using var client = portal.As(Owner);

        using (var dismiss = await client.PostAsJsonAsync($"/api/orgs/{org}/models/other/llama-7b/review", new { action = "dismiss", text = "a Llama by design" }))
        {
            Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);
        }

        var dismissed = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?review=dismissed");
        var open = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?review=open");
        using var unknown = await client.GetAsync($"/api/orgs/{org}/models?review=closed");

        Assert.Equal(["llama-7b"], dismissed!["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal("dismissed", dismissed["items"]![0]!["reviewStatus"]!.GetValue<string>());
        Assert.Equal(["bert-base"], open!["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("dismissed", (await unknown.ReadObjectAsync())["errors"]!["review"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_list_filters_by_assignee()
    {
        var org = await OrgWithTwoModelsAsync();
        using var client = portal.As(Owner);

        using (var assign = await client.PostAsJsonAsync($"/api/orgs/{org}/models/acme/bert-base/review", new { action = "assign", assignee = Owner }))
        {
            Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        }

        var mine = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?review=assigned&assignee={Uri.EscapeDataString(Owner.ToUpperInvariant())}");
        var someoneElses = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?assignee=nobody%40example.com");

        Assert.Equal(["bert-base"], mine!["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(Owner, mine["items"]![0]!["assignee"]!.GetValue<string>());
        Assert.Equal(0, someoneElses!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Statistics_count_the_organizations_verdicts()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);
        (await client.UploadAsync(org, "acme/bert-base")).Dispose();
        (await client.UploadAsync(org, "acme/llama-7b")).Dispose();

        var stats = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/stats");

        Assert.Equal(2, stats!["models"]!.GetValue<int>());
        Assert.Equal(1, stats["byVerdict"]!["ok"]!.GetValue<int>());
        Assert.Equal(1, stats["byVerdict"]!["misnamed"]!.GetValue<int>());
        Assert.Equal(10, stats["scoreHistogram"]!.AsArray().Count);
    }

    [Fact]
    public async Task Reviewers_review_and_reanalyse_viewers_only_read_and_owners_delete()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddMemberAsync(org, Owner, "reviewer@example.com", "reviewer");
        await portal.AddMemberAsync(org, Owner, "viewer@example.com", "viewer");
        using var reviewer = portal.As("reviewer@example.com");
        using var viewer = portal.As("viewer@example.com");
        using var owner = portal.As(Owner);
        var model = $"/api/orgs/{org}/models/acme/llama-7b";

        using var viewerUpload = await viewer.UploadAsync(org, "acme/llama-7b");
        using var upload = await reviewer.UploadAsync(org, "acme/llama-7b");
        using var viewerReview = await viewer.PostAsJsonAsync($"{model}/review", new { action = "comment", text = "hm" });
        using var dismissWithoutReason = await reviewer.PostAsJsonAsync($"{model}/review", new { action = "dismiss" });
        using var unknownAction = await reviewer.PostAsJsonAsync($"{model}/review", new { action = "approve" });
        using var assignStranger = await reviewer.PostAsJsonAsync($"{model}/review", new { action = "assign", assignee = "mallory@example.com" });
        using var assign = await reviewer.PostAsJsonAsync($"{model}/review", new { action = "assign", assignee = "Reviewer@Example.com" });
        using var dismiss = await reviewer.PostAsJsonAsync($"{model}/review", new { action = "dismiss", text = "A BERT config under a Llama name is intended here." });
        using var reanalyze = await reviewer.PostAsync($"{model}/reanalyze?force=true", null);
        using var viewerReanalyze = await viewer.PostAsync($"{model}/reanalyze", null);
        using var reanalyzeAll = await reviewer.PostAsync($"/api/orgs/{org}/reanalyze", null);
        using var reviewerDelete = await reviewer.DeleteAsync(model);
        using var delete = await owner.DeleteAsync(model);
        using var gone = await owner.GetAsync(model);

        Assert.Equal(HttpStatusCode.Forbidden, viewerUpload.StatusCode);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerReview.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, dismissWithoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownAction.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, assignStranger.StatusCode);
        Assert.Equal("reviewer@example.com", (await assign.ReadObjectAsync())["review"]!["assignee"]!.GetValue<string>());
        var review = (await dismiss.ReadObjectAsync())["review"]!;
        Assert.Equal("dismissed", review["status"]!.GetValue<string>());
        Assert.Contains(review["events"]!.AsArray(), e => e!["userId"]!.GetValue<string>() == "reviewer@example.com" && e["action"]!.GetValue<string>() == "dismiss");
        Assert.Equal(HttpStatusCode.OK, reanalyze.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerReanalyze.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, reanalyzeAll.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reviewerDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Accepting_when_the_name_already_fits_and_the_verdict_flags_nothing_is_a_409_and_changes_nothing()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);
        foreach (var name in new[] { "acme/bert-base", "acme/llama-7b" })
        {
            using var upload = await client.UploadAsync(org, name);
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        var fitting = $"/api/orgs/{org}/models/acme/bert-base";
        var before = (await client.GetFromJsonAsync<JsonObject>(fitting))!;
        using var accept = await client.PostAsJsonAsync($"{fitting}/review", new { action = "accept" });
        var problem = await accept.ReadObjectAsync();
        var after = (await client.GetFromJsonAsync<JsonObject>(fitting))!;
        using var rename = await client.PostAsJsonAsync($"/api/orgs/{org}/models/acme/llama-7b/review", new { action = "accept" });

        // The premise: the suggested name is the model's own, exactly, and nothing is flagged.
        Assert.Equal(("acme/bert-base", "ok"), (before["verdict"]!["suggested_name"]!.GetValue<string>(), before["verdict"]!["verdict"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, accept.StatusCode);
        Assert.Equal("Nothing to accept.", problem["title"]!.GetValue<string>());
        Assert.Equal("There is nothing to accept: acme/bert-base's name already fits and its verdict flags nothing.", problem["detail"]!.GetValue<string>());
        Assert.Equal(before["review"]!.ToJsonString(), after["review"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Equal("accepted", (await rename.ReadObjectAsync())["review"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_model_id_in_another_case_is_the_same_model_kept_under_its_first_spelling()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);

        using var first = await client.UploadAsync(org, "acme/BERT-base");
        using var second = await client.UploadAsync(org, "acme/bert-base");
        var listed = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models");
        var read = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models/ACME/Bert-Base");
        using var review = await client.PostAsJsonAsync($"/api/orgs/{org}/models/acme/bert-BASE/review", new { action = "comment", text = "one model" });

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal($"/api/orgs/{org}/models/acme/BERT-base", second.Headers.Location?.OriginalString);
        Assert.Equal("acme/BERT-base", (await second.ReadObjectAsync())["name"]!.GetValue<string>());
        Assert.Equal(1, listed!["total"]!.GetValue<int>());
        Assert.Equal("BERT-base", listed["items"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("acme/BERT-base", read!["verdict"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);

        using var delete = await client.DeleteAsync($"/api/orgs/{org}/models/ACME/bert-base");
        using var gone = await client.GetAsync($"/api/orgs/{org}/models/acme/BERT-base");
        using var again = await client.UploadAsync(org, "acme/bert-base");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal($"/api/orgs/{org}/models/acme/bert-base", again.Headers.Location?.OriginalString);
    }
}
