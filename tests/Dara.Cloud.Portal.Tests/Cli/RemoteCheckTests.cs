using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Dara.Cloud.Cli.Tests.Commands;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Portal.Tests.Cli;

/// <summary><c>dara check --server URL --api-key KEY</c> against the real portal on a loopback socket.</summary>
[Collection(PortalCollection.Name)]
public sealed class RemoteCheckTests(PortalFactory portal)
{
    private const string Owner = "cli-owner@example.com";

    [Fact]
    public async Task A_check_through_the_service_prints_what_a_local_check_prints_and_exits_alike()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var key = await portal.CreateKeyAsync(org, Owner, "viewer");
        using var folder = BertFolder();

        foreach (var name in new[] { "acme/bert-base-uncased", "acme/llama-2-7b" })
        {
            var local = await CliRun.RunAsync("check", folder.Path, "--name", name, "--format", "json");
            var remote = await CliRun.RunAsync("check", folder.Path, "--name", name, "--format", "json", "--server", portal.Address.AbsoluteUri, "--api-key", key);

            Assert.Equal(local.Out, remote.Out);
            Assert.Equal(local.ExitCode, remote.ExitCode);
            Assert.Equal(local.Error, remote.Error);
        }

        var table = await CliRun.RunAsync("check", folder.Path, "--name", "acme/llama-2-7b", "--server", portal.Address.AbsoluteUri, "--api-key", key);
        var localTable = await CliRun.RunAsync("check", folder.Path, "--name", "acme/llama-2-7b");
        Assert.Equal(1, table.ExitCode);
        Assert.Equal(localTable.Console, table.Console);
        Assert.Contains("misnamed", table.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_headers_and_documents_are_uploaded_and_the_length_of_the_rest()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var key = await portal.CreateKeyAsync(org, Owner, "reviewer");
        var weights = new SafetensorsBuilder().Add("bert.embeddings.word_embeddings.weight", "F32", 30522, 768);
        using var folder = new ModelFolder(
            ("config.json", Encoding.UTF8.GetBytes(ApiCalls.BertConfig)),
            ("model.safetensors", weights.ToBytes()),
            ("pytorch_model.bin", new byte[300_000]));

        var run = await CliRun.RunAsync("check", folder.Path, "--name", "acme/bert-base", "--format", "json", "--register", "--server", portal.Address.AbsoluteUri, "--api-key", key);

        Assert.True(run.ExitCode is 0 or 1, run.Error);
        var verdict = JsonNode.Parse(run.Out)!;
        Assert.Equal(weights.FileLength + 300_000, verdict["facts"]!["weight_bytes"]!.GetValue<long>());
        Assert.Contains("pickle", verdict["facts"]!["formats"]!.AsArray().Select(f => f!.GetValue<string>()));
        var registered = await portal.As(Owner).GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models/acme/bert-base");
        Assert.Equal(run.Out.TrimEnd('\n'), registered!["verdict"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public async Task A_gguf_file_with_a_header_over_a_mebibyte_is_checked_from_its_head_alike()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var key = await portal.CreateKeyAsync(org, Owner, "viewer");
        var gguf = new GgufBuilder()
            .AddString("general.architecture", "llama")
            .AddString("general.name", "Tiny Llama")
            .AddString("general.size_label", "7B")
            .AddUInt32("general.file_type", 15)
            .AddString("tokenizer.chat_template", new string('x', 1_500_000))
            .AddTensor("token_embd.weight", "F32", 32000, 64)
            .AddTensor("blk.0.attn_norm.weight", "F32", 64)
            .AddTensor("output.weight", "F32", 32000, 64);
        Assert.True(gguf.DataOffset > 1 << 20);
        using var folder = new ModelFolder(("tiny-llama-7b.Q4_K_M.gguf", gguf.ToBytes()));
        var file = Path.Combine(folder.Path, "tiny-llama-7b.Q4_K_M.gguf");

        var local = await CliRun.RunAsync("check", file, "--name", "acme/tiny-llama-7b-GGUF", "--format", "json");
        var remote = await CliRun.RunAsync("check", file, "--name", "acme/tiny-llama-7b-GGUF", "--format", "json", "--server", portal.Address.AbsoluteUri, "--api-key", key);

        Assert.Equal(local.Out, remote.Out);
        Assert.Equal(local.ExitCode, remote.ExitCode);
        Assert.Equal("llama", JsonNode.Parse(remote.Out)!["facts"]!["gguf_architecture"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refused_keys_and_roles_exit_2_saying_why()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var viewerKey = await portal.CreateKeyAsync(org, Owner, "viewer");
        using var folder = BertFolder();
        var server = portal.Address.AbsoluteUri;

        var unknown = await CliRun.RunAsync("check", folder.Path, "--server", server, "--api-key", $"dara_{org}_{new string('x', 43)}");
        var register = await CliRun.RunAsync("check", folder.Path, "--name", "acme/bert-base", "--register", "--server", server, "--api-key", viewerKey);
        var missing = await CliRun.RunAsync("check", folder.Path, "--server", server);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("401", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, register.ExitCode);
        Assert.Contains("403", register.Error, StringComparison.Ordinal);
        Assert.Contains("reviewer", register.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--api-key", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_exits_2_saying_so()
    {
        using var folder = BertFolder();
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var run = await CliRun.RunAsync("check", folder.Path, "--server", $"http://127.0.0.1:{port}/", "--api-key", "dara_acme_secret", "--timeout", "5");
        var badUrl = await CliRun.RunAsync("check", folder.Path, "--server", "ftp://example.com", "--api-key", "dara_acme_secret");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot reach", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, badUrl.ExitCode);
    }

    [Fact]
    public async Task A_file_over_the_servers_limit_exits_2_with_the_413()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var key = await portal.CreateKeyAsync(org, Owner, "viewer");
        using var folder = new ModelFolder(("config.json", Encoding.UTF8.GetBytes(ApiCalls.BertConfig)), ("model.onnx", new byte[(64 << 20) + 1]));

        var run = await CliRun.RunAsync("check", folder.Path, "--name", "acme/bert-base", "--server", portal.Address.AbsoluteUri, "--api-key", key);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("413", run.Error, StringComparison.Ordinal);
        Assert.Contains("model.onnx", run.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string> RealFolders() => RealModelFolders.Sample();

    [RealDataTheory]
    [MemberData(nameof(RealFolders))]
    public async Task Real_models_checked_through_the_service_match_the_local_check(string folder)
    {
        var org = await portal.CreateOrgAsync(Owner);
        var key = await portal.CreateKeyAsync(org, Owner, "viewer");
        var path = Path.Combine(RealData.Root, folder);

        var local = await CliRun.RunAsync("check", path, "--format", "json");
        var remote = await CliRun.RunAsync("check", path, "--format", "json", "--server", portal.Address.AbsoluteUri, "--api-key", key);

        Assert.Equal(local.Out, remote.Out);
        Assert.Equal(local.ExitCode, remote.ExitCode);
    }

    private static ModelFolder BertFolder() => new(
        ("config.json", Encoding.UTF8.GetBytes(ApiCalls.BertConfig)),
        ("model.safetensors", ApiCalls.TinyBertWeights()),
        ("README.md", Encoding.UTF8.GetBytes("---\nlanguage: en\nlicense: apache-2.0\n---\n# A BERT\n")));
}
