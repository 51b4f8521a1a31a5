using System.IO.Pipelines;
using System.Text;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Uploads;
using Dara.Cloud.Testing.Builders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Dara.Cloud.Portal.Tests.Uploads;

public sealed class ArtifactUploadReaderTests
{
    private static readonly byte[] Config = Encoding.UTF8.GetBytes("""{"model_type": "bert", "architectures": ["BertModel"]}""");

    [Fact]
    public async Task A_safetensors_file_keeps_only_its_header_and_records_its_full_length()
    {
        var builder = new SafetensorsBuilder().Add("embeddings.weight", "F32", 30522, 768).Add("pooler.weight", "F32", 768, 768);
        var header = builder.HeaderBytes();
        var content = new GeneratedContent(header, builder.DataLength);

        var upload = await ReadStreamingAsync(Reader(), Multipart.Upload("acme/bert", ("model.safetensors", (HttpContent)content)));

        var file = Assert.Single(upload.Artifacts.Files);
        Assert.Equal("model.safetensors", file.Path);
        Assert.Equal(builder.FileLength, file.Length);
        Assert.True(builder.FileLength > 90_000_000);
        Assert.Equal(header, file.Content.Take(header.Length));
        Assert.Equal(Math.Max(header.Length, 4096), file.Content.Length);
        Assert.Equal("acme/bert", upload.Name);
    }

    [Fact]
    public async Task A_safetensors_head_sent_with_its_full_length_is_recorded_at_that_length()
    {
        var builder = new SafetensorsBuilder().Add("w", "F16", 4096, 4096);
        var header = builder.HeaderBytes();

        var upload = await ReadAsync(Reader(), Multipart.Upload("acme/m", ("model.safetensors", Multipart.Head(header, builder.FileLength))));

        var file = Assert.Single(upload.Artifacts.Files);
        Assert.Equal(builder.FileLength, file.Length);
        Assert.Equal(header, file.Content);
    }

    [Fact]
    public async Task A_safetensors_header_length_beyond_the_format_limit_keeps_only_the_engines_first_read()
    {
        var header = new SafetensorsBuilder().Add("w", "F32", 4).WithDeclaredHeaderLength(1UL << 40).HeaderBytes();
        var content = new GeneratedContent(header, 1 << 20);

        var upload = await ReadStreamingAsync(Reader(), Multipart.Upload("acme/m", ("model.safetensors", (HttpContent)content)));

        var file = Assert.Single(upload.Artifacts.Files);
        Assert.Equal(4096, file.Content.Length);
        Assert.Equal(header, file.Content.Take(header.Length));
        Assert.Equal(content.Length, file.Length);
    }

    [Fact]
    public async Task A_small_safetensors_header_is_kept_with_the_start_of_the_data_the_engine_reads_first()
    {
        var builder = new SafetensorsBuilder().Add("w", "F32", 1024, 1024);
        var header = builder.HeaderBytes();

        var upload = await ReadStreamingAsync(Reader(), Multipart.Upload("acme/m", ("model.safetensors", (HttpContent)new GeneratedContent(header, builder.DataLength))));

        var file = Assert.Single(upload.Artifacts.Files);
        Assert.Equal(4096, file.Content.Length);
        Assert.Equal(builder.FileLength, file.Length);
    }

    [Fact]
    public async Task A_document_over_its_cap_is_refused_as_soon_as_the_cap_is_passed()
    {
        var content = new GeneratedContent("{\"pad\": \""u8.ToArray(), 1L << 30);
        var reader = Reader(new UploadOptions { MaxDocumentBytes = 1 << 20 });

        long pulled = 0;

        var error = await Assert.ThrowsAsync<UploadTooLargeException>(() =>
            ReadStreamingAsync(reader, Multipart.Upload("acme/m", ("config.json", (HttpContent)content)), () => pulled = content.Sent));

        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 MiB", error.Message, StringComparison.Ordinal);
        Assert.True(pulled < 8L << 20, $"{pulled:N0} bytes were pulled from a 1 GiB upload");
    }

    [Fact]
    public async Task An_onnx_graph_over_its_cap_is_refused()
    {
        var reader = Reader(new UploadOptions { MaxOnnxBytes = 4096 });

        var error = await Assert.ThrowsAsync<UploadTooLargeException>(() => ReadAsync(reader, Multipart.Upload("acme/m", ("onnx/model.onnx", new byte[4097]))));

        Assert.Contains("onnx/model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_over_the_request_limit_is_refused_while_streaming()
    {
        var content = new GeneratedContent([], 1L << 30);
        var reader = Reader(new UploadOptions { MaxRequestBytes = 4 << 20, MaxKeptBytes = 1 << 20 });

        long pulled = 0;

        await Assert.ThrowsAsync<UploadTooLargeException>(() =>
            ReadStreamingAsync(reader, Multipart.Upload("acme/m", ("pytorch_model.bin", (HttpContent)content)), () => pulled = content.Sent));

        Assert.True(pulled < 16L << 20, $"{pulled:N0} bytes were pulled from a 1 GiB upload");
    }

    [Fact]
    public async Task Kept_bytes_over_the_limit_are_refused()
    {
        var reader = Reader(new UploadOptions { MaxKeptBytes = 10_000 });
        var files = new[] { ("README.md", new byte[4000]), ("config.json", new byte[4000]), ("model.safetensors.index.json", new byte[4000]) };

        var error = await Assert.ThrowsAsync<UploadTooLargeException>(() => ReadAsync(reader, Multipart.Upload("acme/m", files)));

        Assert.Contains("model.safetensors.index.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_files_the_engine_does_not_read_are_recorded_by_length_and_small_ones_kept()
    {
        var pointer = Encoding.ASCII.GetBytes("version https://git-lfs.github.com/spec/v1\noid sha256:" + new string('a', 64) + "\nsize 440473133\n");

        var upload = await ReadAsync(Reader(), Multipart.Upload("acme/m", ("tokenizer.json", new byte[50_000]), ("pytorch_model.bin", pointer)));

        var tokenizer = upload.Artifacts.Files.Single(f => f.Path == "tokenizer.json");
        Assert.Equal(50_000, tokenizer.Length);
        Assert.Empty(tokenizer.Content);
        Assert.Equal(pointer, upload.Artifacts.Files.Single(f => f.Path == "pytorch_model.bin").Content);
    }

    [Fact]
    public async Task An_upload_of_no_file_the_engine_reads_is_refused_naming_the_files()
    {
        var error = await Assert.ThrowsAsync<BadUploadException>(() =>
            ReadAsync(Reader(), Multipart.Upload("acme/m", ("cfg.json", Config), ("tokenizer.json", Config))));

        Assert.Equal("files", error.Field);
        Assert.Contains("None of the files is one Dara reads (cfg.json, tokenizer.json)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../config.json")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\config.json")]
    [InlineData("a//config.json")]
    [InlineData("C:config.json")]
    public async Task A_path_outside_the_model_folder_is_refused(string path)
    {
        var error = await Assert.ThrowsAsync<BadUploadException>(() => ReadAsync(Reader(), Multipart.Upload("acme/m", (path, Config))));

        Assert.Equal("files", error.Field);
    }

    [Fact]
    public async Task A_file_sent_twice_is_refused()
    {
        var error = await Assert.ThrowsAsync<BadUploadException>(() => ReadAsync(Reader(), Multipart.Upload("acme/m", ("config.json", Config), ("config.json", Config))));

        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declared_length_shorter_than_what_was_sent_is_refused()
    {
        await Assert.ThrowsAsync<BadUploadException>(() => ReadAsync(Reader(), Multipart.Upload("acme/m", ("model.safetensors", Multipart.Head(new byte[64], 10)))));
    }

    [Fact]
    public async Task An_upload_without_files_or_with_an_unknown_field_is_refused()
    {
        await Assert.ThrowsAsync<BadUploadException>(() => ReadAsync(Reader(), Multipart.Upload("acme/m", Array.Empty<(string, byte[])>())));

        var form = Multipart.Upload("acme/m", ("config.json", Config));
        form.Add(new StringContent("x"), "extra");
        var error = await Assert.ThrowsAsync<BadUploadException>(() => ReadAsync(Reader(), form));
        Assert.Equal("extra", error.Field);
    }

    [Theory]
    [InlineData("--XB\r\nContent-Disposition: form-data; name=\"files\"; filename=\"config.json\"\r\n\r\n{}")]
    [InlineData("")]
    [InlineData("hello")]
    public async Task A_body_that_ends_before_its_closing_boundary_is_refused_as_malformed(string body)
    {
        var error = await Assert.ThrowsAsync<BadUploadException>(() =>
            Reader().ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), "XB", CancellationToken.None));

        Assert.Equal("files", error.Field);
        Assert.StartsWith("The multipart body is malformed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("another component", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(". .", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_safetensors_header_longer_than_the_upload_may_keep_is_refused_before_it_is_read_into_memory()
    {
        const int declared = 3 << 20;
        var file = new byte[8 + declared];
        BitConverter.TryWriteBytes(file.AsSpan(0, 8), (ulong)declared);
        file.AsSpan(8).Fill((byte)' ');

        var (error, read) = await ReadCountingAsync(Reader(new UploadOptions { MaxKeptBytes = 1 << 20 }), ("model.safetensors", file));

        Assert.IsType<UploadTooLargeException>(error);
        Assert.True(read < (3 << 19), $"{read} bytes of a 3 MiB header were read to refuse it under a 1 MiB budget");
    }

    [Fact]
    public async Task Gguf_heads_past_what_the_upload_may_keep_are_refused_without_holding_the_whole_of_the_last()
    {
        var head = new byte[800 << 10];
        "GGUF"u8.CopyTo(head);

        var (error, read) = await ReadCountingAsync(Reader(new UploadOptions { MaxKeptBytes = 1 << 20 }), ("a.gguf", head), ("b.gguf", head));

        Assert.IsType<UploadTooLargeException>(error);
        Assert.True(read < (1 << 20) + (200 << 10), $"{read} bytes were read to keep at most 1 MiB");
    }

    [Fact]
    public async Task A_file_part_without_a_file_name_is_refused_as_such_not_as_an_unknown_field()
    {
        const string body = "--XB\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\"\r\n\r\n{}\r\n--XB--\r\n";

        var error = await Assert.ThrowsAsync<BadUploadException>(() =>
            Reader().ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), "XB", CancellationToken.None));

        Assert.Equal("files", error.Field);
        Assert.Contains("has no file name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown form field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_folder_upload_is_read_relative_to_its_folder()
    {
        var upload = await ReadAsync(Reader(), Multipart.Upload("acme/m", ("bert/config.json", Config), ("bert/1_Pooling/config.json", Config)));

        Assert.Equal(["1_Pooling/config.json", "config.json"], upload.Artifacts.Files.Select(f => f.Path));
    }

    [Fact]
    public async Task The_content_hash_depends_on_the_files_not_on_their_order()
    {
        var card = Encoding.UTF8.GetBytes("# card");
        var first = await ReadAsync(Reader(), Multipart.Upload("acme/m", ("config.json", Config), ("README.md", card)));
        var reordered = await ReadAsync(Reader(), Multipart.Upload("acme/m", ("README.md", card), ("config.json", Config)));
        var changed = await ReadAsync(Reader(), Multipart.Upload("acme/m", ("README.md", Encoding.UTF8.GetBytes("# card!")), ("config.json", Config)));

        Assert.Equal(first.Artifacts.ContentHash, reordered.Artifacts.ContentHash);
        Assert.NotEqual(first.Artifacts.ContentHash, changed.Artifacts.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", first.Artifacts.ContentHash);
    }

    /// <summary>Reads an upload of <paramref name="files"/>; returns what it threw and how many body bytes it read first.</summary>
    private static async Task<(Exception? Error, long Read)> ReadCountingAsync(ArtifactUploadReader reader, params (string Path, byte[] Content)[] files)
    {
        using var form = Multipart.Upload("acme/m", files);
        var body = new MemoryStream();
        await (await form.ReadAsStreamAsync()).CopyToAsync(body);
        body.Position = 0;
        var error = await Record.ExceptionAsync(() => reader.ReadAsync(body, Boundary(form), CancellationToken.None));
        return (error, body.Position);
    }

    private static ArtifactUploadReader Reader(UploadOptions? options = null) => new(Options.Create(options ?? new UploadOptions()));

    private static async Task<ArtifactUpload> ReadAsync(ArtifactUploadReader reader, MultipartFormDataContent form)
    {
        using (form)
        {
            var stream = await form.ReadAsStreamAsync();
            return await reader.ReadAsync(stream, Boundary(form), CancellationToken.None);
        }
    }

    /// <summary>Streams the body through a pipe, as a socket would: nothing is buffered on the way.</summary>
    private static async Task<ArtifactUpload> ReadStreamingAsync(ArtifactUploadReader reader, MultipartFormDataContent form, Action? readerDone = null)
    {
        using (form)
        {
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
            var writing = Task.Run(async () =>
            {
                try
                {
                    await form.CopyToAsync(pipe.Writer.AsStream());
                    await pipe.Writer.CompleteAsync();
                }
                catch (Exception e) when (e is InvalidOperationException or IOException)
                {
                    // The reader stopped early (a refused upload): what matters is how much was pulled.
                }
            });
            try
            {
                return await reader.ReadAsync(pipe.Reader.AsStream(), Boundary(form), CancellationToken.None);
            }
            finally
            {
                readerDone?.Invoke();
                await pipe.Reader.CompleteAsync();
                await writing;
            }
        }
    }

    private static string Boundary(MultipartFormDataContent form) =>
        HeaderUtilities.RemoveQuotes(form.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value).Value!;
}
