using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>
/// Bad input the API must answer with a problem naming the field and what is wrong with it — never the framework's
/// words for developers ("Failed to read parameter…", "Did you mean to use a Service instead?"), .NET type names, or
/// a bare "Bad Request" — and malformed text it must refuse rather than store.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class BadInputApiTests(PortalFactory portal)
{
    private const string Owner = "bad-input-owner@example.com";

    [Theory]
    [InlineData("""{"id": 5, "name": "Five"}""", "id")]
    [InlineData("""{"id": "fine", "name": ["a"]}""", "name")]
    public async Task A_json_field_of_the_wrong_type_is_named_in_the_problem(string body, string field)
    {
        using var response = await portal.As(Owner).PostAsync("/api/orgs", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        var message = Assert.Single(problem["errors"]![field]!.AsArray())!.GetValue<string>();
        Assert.Contains($"'{field}'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE }, "UTF-8")]
    [InlineData(new byte[] { 0x5C, 0x75, 0x64, 0x38, 0x30, 0x30 }, "UTF-16")]
    public async Task A_json_string_that_is_not_text_is_said_to_be_unreadable_not_of_the_wrong_type(byte[] inName, string reason)
    {
        byte[] body = [.. """{"id": "text", "name": "a"""u8, .. inName, .. "b\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await portal.As(Owner).PostAsync("/api/orgs", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.ReadObjectAsync())["errors"]!["name"]![0]!.GetValue<string>();
        Assert.StartsWith("'name' cannot be read", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_body_of_the_wrong_shape_is_said_to_be_the_body()
    {
        using var response = await portal.As(Owner).PostAsync("/api/orgs", Json("[[[]]]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.ReadObjectAsync())["errors"]!["body"]![0]!.GetValue<string>();
        Assert.StartsWith("The body holds a value of the wrong type", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_role_is_named_as_the_field_that_is_wrong()
    {
        var org = await portal.CreateOrgAsync(Owner);

        using var response = await portal.As(Owner).PutAsync($"/api/orgs/{org}/members/dana@example.com", Json("""{"role": "god"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        Assert.NotNull(problem["errors"]!["role"]);
        Assert.DoesNotContain("Nullable", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_that_is_not_well_formed_says_where_it_breaks()
    {
        using var response = await portal.As(Owner).PostAsync("/api/orgs", Json("""{"id": "x1", """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.ReadObjectAsync())["detail"]!.GetValue<string>();
        Assert.StartsWith("The body is not well-formed JSON at line 1, byte", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task A_missing_or_null_body_is_asked_for_in_plain_words(string body)
    {
        using var response = await portal.As(Owner).PostAsync("/api/orgs", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        Assert.Equal("Send a JSON object in the request body; it was empty or null.", problem["detail"]!.GetValue<string>());
        Assert.DoesNotContain("Service", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minScore=abc", "minScore")]
    [InlineData("maxScore=1e3", "maxScore")]
    [InlineData("page=99999999999999999999", "page")]
    [InlineData("page=1&page=2", "page")]
    [InlineData("pageSize=ten", "pageSize")]
    public async Task A_listing_number_that_is_no_number_is_named_in_the_problem(string query, string field)
    {
        var org = await portal.CreateOrgAsync(Owner);

        using var response = await portal.As(Owner).GetAsync($"/api/orgs/{org}/models?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        Assert.NotNull(problem["errors"]![field]);
        Assert.DoesNotContain("Nullable", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_force_flag_that_is_neither_true_nor_false_is_named_in_the_problem()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        using var upload = await owner.UploadAsync(org, "acme/bert-base-uncased");

        using var job = await owner.PostAsync($"/api/orgs/{org}/reanalyze?force=maybe", null);
        using var one = await owner.PostAsync($"/api/orgs/{org}/models/acme/bert-base-uncased/reanalyze?force=maybe", null);

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        foreach (var response in new[] { job, one })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("Use true or false.", (await response.ReadObjectAsync())["errors"]!["force"]![0]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_revision_the_grain_refuses_is_named_without_the_dotnet_parameter_suffix()
    {
        var org = await portal.CreateOrgAsync(Owner);

        using var response = await portal.As(Owner).PostAsJsonAsync($"/api/orgs/{org}/models", new { hf = "acme/bert", revision = "../../x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        var message = problem["errors"]!["revision"]![0]!.GetValue<string>();
        Assert.Contains("'../../x' is not a revision", message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_assignee_too_long_is_reported_under_assignee_not_text()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        using var upload = await owner.UploadAsync(org, "acme/bert-base-uncased");

        using var response = await owner.PostAsJsonAsync(
            $"/api/orgs/{org}/models/acme/bert-base-uncased/review", new { action = "assign", assignee = new string('a', 600) + "@example.com" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();
        Assert.NotNull(errors["assignee"]);
        Assert.Null(errors["text"]);
    }

    [Theory]
    [InlineData("a\u202Eb@example.com")]
    [InlineData("a\u200Bb@example.com")]
    public async Task A_member_id_with_a_formatting_character_is_refused(string userId)
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);

        using var response = await owner.PutAsJsonAsync($"/api/orgs/{org}/members/{Uri.EscapeDataString(userId)}", new { role = "viewer" });
        var members = await owner.GetFromJsonAsync<JsonArray>($"/api/orgs/{org}/members");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]!["userId"]);
        Assert.Single(members!);
    }

    [Theory]
    [InlineData("ci\u0000")]
    [InlineData("ci\u202Eyek")]
    public async Task An_api_key_name_with_a_control_or_formatting_character_is_refused(string name)
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);

        using var response = await owner.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name, role = "viewer" });
        var keys = await owner.GetFromJsonAsync<JsonArray>($"/api/orgs/{org}/api-keys");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]!["name"]);
        Assert.Empty(keys!);
    }

    [Theory]
    [InlineData("acme/rocket-\U0001F680", "'\U0001F680'")]
    [InlineData("acme/a\u0000b", "'\u0000'")]
    public async Task A_model_id_with_a_character_the_hub_refuses_names_that_character_whole(string name, string quoted)
    {
        var org = await portal.CreateOrgAsync(Owner);

        using var response = await portal.As(Owner).UploadAsync(org, name);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.ReadObjectAsync())["errors"]!["name"]![0]!.GetValue<string>();
        Assert.Contains($"has {quoted}", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', message);
    }

    [Fact]
    public async Task Weight_files_whose_declared_lengths_overflow_a_long_together_do_not_make_a_negative_weight_size()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var form = Multipart.Upload("acme/bert-base", ("config.json", ApiCalls.BertConfig));
        foreach (var shard in new[] { "pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin" })
        {
            form.Add(Multipart.Head([], long.MaxValue), "files", shard);
        }

        using var response = await portal.As(Owner).PostAsync($"/api/orgs/{org}/models", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(long.MaxValue, (await response.ReadObjectAsync())["facts"]!["weight_bytes"]!.GetValue<long>());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
