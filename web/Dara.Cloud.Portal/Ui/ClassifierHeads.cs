using System.Text.Json;

namespace Dara.Cloud.Portal.Ui;

/// <summary>One head of the learned classifier as a verdict reports it: a title and its most likely labels.</summary>
public sealed record ClassifierHead(string Title, IReadOnlyList<(string Label, double Probability)> Top);

/// <summary>
/// Reads the learned classifier's predictions from a verdict's check document, when the verdict carries them:
/// <c>"classifier": {"model_type": {"top": [{"label": "bert", "probability": 0.93}, …]}, "arch": …, "task": …}</c>
/// (snake_case, as the engine writes its documents). A verdict without a classifier section yields no heads; a
/// malformed one is shown as absent rather than failing the page.
/// </summary>
public static class ClassifierHeads
{
    /// <summary>The heads shown, and their titles, in the order shown.</summary>
    private static readonly (string Key, string Title)[] Heads = [("model_type", "Model type"), ("arch", "Architecture"), ("task", "Task")];

    /// <summary>How many labels of each head are shown.</summary>
    public const int TopCount = 3;

    public static IReadOnlyList<ClassifierHead> Read(string documentJson)
    {
        ArgumentNullException.ThrowIfNull(documentJson);
        try
        {
            using var document = JsonDocument.Parse(documentJson);
            if (!document.RootElement.TryGetProperty("classifier", out var classifier) || classifier.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            var heads = new List<ClassifierHead>();
            foreach (var (key, title) in Heads)
            {
                if (classifier.TryGetProperty(key, out var head) && head.ValueKind == JsonValueKind.Object
                    && head.TryGetProperty("top", out var top) && top.ValueKind == JsonValueKind.Array
                    && Labels(top) is { Count: > 0 } labels)
                {
                    heads.Add(new ClassifierHead(title, labels));
                }
            }

            return heads;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static List<(string Label, double Probability)> Labels(JsonElement top) =>
        top.EnumerateArray()
            .Where(item => item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.String
                && item.TryGetProperty("probability", out var probability) && probability.ValueKind == JsonValueKind.Number)
            .Select(item => (item.GetProperty("label").GetString()!, Math.Clamp(item.GetProperty("probability").GetDouble(), 0, 1)))
            .OrderByDescending(p => p.Item2)
            .Take(TopCount)
            .ToList();
}
