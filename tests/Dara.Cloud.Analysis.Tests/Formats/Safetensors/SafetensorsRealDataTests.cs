using System.Text.Json;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Formats.Safetensors;

/// <summary>The real safetensors files of the development set against their <c>.header.json</c> dumps.</summary>
public sealed class SafetensorsRealDataTests
{
    public static TheoryData<string> RealFiles()
    {
        var data = new TheoryData<string>();
        if (RealData.SkipReason is null)
        {
            foreach (var file in RealData.SafetensorsFiles())
            {
                data.Add(Path.GetRelativePath(RealData.Safetensors, file));
            }
        }

        return data;
    }

    [RealDataFact]
    public void The_development_set_has_real_safetensors_files()
    {
        Assert.NotEmpty(RealData.SafetensorsFiles());
    }

    [RealDataTheory]
    [MemberData(nameof(RealFiles))]
    public void A_real_file_parses_to_what_its_header_dump_says(string relativePath)
    {
        var file = Path.Combine(RealData.Safetensors, relativePath);
        using var dump = JsonDocument.Parse(File.ReadAllBytes(file + ".header.json"));
        var expected = dump.RootElement;

        var header = SafetensorsHeaderReader.ParseFile(relativePath, File.ReadAllBytes(file));

        Assert.Equal(expected.GetProperty("header_length").GetInt64(), header.HeaderLength);
        Assert.Equal(expected.GetProperty("size_bytes").GetInt64(), header.FileLength);
        var expectedTensors = expected.GetProperty("header").EnumerateObject().Where(p => p.Name != "__metadata__").ToList();
        Assert.Equal(expectedTensors.Select(p => p.Name), header.Tensors.Select(t => t.Name));
        foreach (var (entry, tensor) in expectedTensors.Zip(header.Tensors))
        {
            Assert.Equal(entry.Value.GetProperty("dtype").GetString(), tensor.DType);
            Assert.Equal(entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), tensor.Shape);
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Assert.Equal((offsets[0], offsets[1]), (tensor.Begin, tensor.End));
        }

        var expectedMetadata = expected.GetProperty("header").TryGetProperty("__metadata__", out var metadata)
            ? metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];
        Assert.Equal(expectedMetadata.OrderBy(p => p.Key), header.Metadata.OrderBy(p => p.Key));
    }

    [RealDataTheory]
    [MemberData(nameof(RealFiles))]
    public void A_real_files_header_is_in_the_plain_form_the_fast_reader_takes(string relativePath)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RealData.Safetensors, relativePath));
        var json = bytes.AsSpan(8, (int)SafetensorsHeaderReader.ReadHeaderLength(bytes));

        Assert.True(CompactHeaderScanner.TryRead(json, [], [], new DistinctKeys(), new ShapeCache()));
    }
}
