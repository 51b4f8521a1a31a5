using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>
/// What the real Hub derives from a model's README front matter and <c>config.json</c> for model info:
/// <c>cardData</c>, <c>pipeline_tag</c>, <c>library_name</c>, <c>tags</c>, and the <c>config</c> subset
/// (<c>model_type</c>, <c>architectures</c>). Unreadable files leave the fields out, as the Hub does.
/// </summary>
internal sealed record ModelCardSummary(string? CardDataJson, string? PipelineTag, string? LibraryName, IReadOnlyList<string> Tags, string? ConfigJson)
{
    private const long MaxReadmeBytes = 1024 * 1024;

    public static ModelCardSummary Read(FakeHubModel model)
    {
        var card = ReadFrontMatter(model.FindFile("README.md"));
        var tags = card?["tags"] switch
        {
            JsonArray array => array.Select(tag => tag?.ToString()).OfType<string>().ToList(),
            JsonValue value => [value.ToString()],
            _ => [],
        };
        return new ModelCardSummary(
            card?.ToJsonString(),
            card?["pipeline_tag"]?.ToString(),
            card?["library_name"]?.ToString(),
            tags,
            ReadConfig(model.FindFile("config.json")));
    }

    private static JsonObject? ReadFrontMatter(FakeHubFile? readme)
    {
        if (readme is not { HasContent: true } || readme.Size > MaxReadmeBytes)
        {
            return null;
        }

        using var reader = new StreamReader(readme.OpenContent(), Encoding.UTF8);
        var text = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            return null;
        }

        var end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(text[4..end]));
            return yaml.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root ? ToJson(root) as JsonObject : null;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children
            .Where(child => child.Key is YamlScalarNode { Value: not null })
            .GroupBy(child => ((YamlScalarNode)child.Key).Value!)
            .Select(group => KeyValuePair.Create(group.Key, ToJson(group.Last().Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    /// <summary>Plain scalars are typed as YAML 1.2's core schema types them; quoted ones stay strings.</summary>
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value;
        if (value is null || scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return value is null ? null : JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real) => JsonValue.Create(real),
            _ => JsonValue.Create(value),
        };
    }

    private static string? ReadConfig(FakeHubFile? config)
    {
        if (config is not { HasContent: true } || config.Size > MaxReadmeBytes)
        {
            return null;
        }

        try
        {
            using var stream = config.OpenContent();
            if (JsonNode.Parse(stream) is not JsonObject root)
            {
                return null;
            }

            var summary = new JsonObject();
            foreach (var key in new[] { "model_type", "architectures", "auto_map", "quantization_config" })
            {
                if (root[key] is { } value)
                {
                    summary[key] = value.DeepClone();
                }
            }

            return summary.ToJsonString();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
