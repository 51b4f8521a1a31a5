using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Inference.Data;

namespace Dara.Cloud.Inference.Tests.Data;

public sealed class TraceRowReaderTests
{
    [Fact]
    public void Json_lines_rows_are_read_with_their_line_numbers_and_other_fields_ignored()
    {
        using var file = new TempFile("""
            {"repo_name": "a/bert-x", "layers": "input linear output", "model_type": "bert", "downloads": 12}

            {"repo_name": "b/t5-y", "layers": "input t5layernorm output", "extra": {"nested": [1, 2]}}
            """);

        var rows = TraceRowReader.Read(file.Path).ToList();

        Assert.Collection(
            rows,
            r =>
            {
                Assert.Equal(1, r.Row);
                Assert.Equal("a/bert-x", r.Value!.RepoName);
                Assert.Equal("input linear output", r.Value.Layers);
                Assert.Equal("bert", r.Value.ModelType);
                Assert.Null(r.Value.Arch);
            },
            r =>
            {
                Assert.Equal(3, r.Row);
                Assert.Equal("b/t5-y", r.Value!.RepoName);
                Assert.Null(r.Problem);
            });
    }

    [Fact]
    public void A_json_array_file_is_read_element_by_element()
    {
        using var file = new TempFile("""
              [{"repo_name": "x", "arch": "BertModel", "model_type": "bert", "task": "fill-mask", "layers": "input add output"},
               {"repo_name": "y", "layers": "input linear output"}]
            """, ".json");

        var rows = TraceRowReader.Read(file.Path).Select(r => r.Value!).ToList();

        Assert.Equal(["x", "y"], rows.Select(r => r.RepoName));
        Assert.Equal("BertModel", rows[0].Arch);
        Assert.Equal(2, rows[1].Row);
    }

    [Fact]
    public void Bad_rows_are_reported_with_their_line_and_the_rest_still_read()
    {
        using var file = new TempFile("""
            {"repo_name": "ok", "layers": "input add output"}
            {"repo_name": "no layers"}
            not json at all
            ["an", "array"]
            {"repo_name": "numbers", "layers": 42}
            {"repo_name": "ok too", "layers": "input add output"}
            """);

        var rows = TraceRowReader.Read(file.Path).ToList();

        Assert.Equal([1, 2, 3, 4, 5, 6], rows.Select(r => r.Row));
        Assert.NotNull(rows[0].Value);
        Assert.Contains("no \"layers\"", rows[1].Problem, StringComparison.Ordinal);
        Assert.Contains("not a JSON object", rows[2].Problem, StringComparison.Ordinal);
        Assert.Contains("JSON array", rows[3].Problem, StringComparison.Ordinal);
        Assert.Contains("no \"layers\"", rows[4].Problem, StringComparison.Ordinal);
        Assert.Equal("ok too", rows[5].Value!.RepoName);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_refused_without_stopping_the_file()
    {
        var huge = "{\"layers\": \"" + new string('a', TraceRowReader.MaxLineChars) + "\"}";
        using var file = new TempFile(huge + "\n{\"repo_name\": \"after\", \"layers\": \"input add output\"}\n");

        var rows = TraceRowReader.Read(file.Path).ToList();

        Assert.Equal(2, rows.Count);
        Assert.Contains("longer than", rows[0].Problem, StringComparison.Ordinal);
        Assert.Equal("after", rows[1].Value!.RepoName);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"dara-missing-{Guid.NewGuid():N}.jsonl");

        var error = Assert.Throws<ArtifactException>(() => TraceRowReader.Read(missing).ToList());

        Assert.Equal(missing, error.File);
    }

    [Fact]
    public void An_array_file_that_is_not_json_is_a_clear_error()
    {
        using var file = new TempFile("[{\"layers\": \"input\"},", ".json");

        var error = Assert.Throws<ArtifactException>(() => TraceRowReader.Read(file.Path).ToList());

        Assert.Contains("not valid JSON", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_that_is_not_json_says_so_without_the_readers_internals()
    {
        using var file = new TempFile("not json\n");

        var row = Assert.Single(TraceRowReader.Read(file.Path).ToList());

        Assert.StartsWith("is not a JSON object: ", row.Problem, StringComparison.Ordinal);
        Assert.Contains("(line 1, byte ", row.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", row.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_without_line_ends_is_given_up_on_instead_of_read_for_ever()
    {
        var row = Assert.Single(TraceRowReader.Read("/dev/zero").ToList());

        Assert.Contains("the rest of the file is not read", row.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_fails_while_read_is_a_clear_error_naming_it()
    {
        var error = Assert.Throws<ArtifactException>(() => TraceRowReader.Read("/proc/self/mem").ToList());

        Assert.Equal("/proc/self/mem", error.File);
        Assert.StartsWith("cannot be read: ", error.Problem, StringComparison.Ordinal);
    }
}

/// <summary>A file under the temp folder, deleted when the test ends.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string content, string extension = ".jsonl")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dara-inference-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
