using System.Text;
using Dara.Cloud.Analysis.Artifacts;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dara.Cloud.Analysis.Formats.ModelCards;

/// <summary>
/// Reads a model card's YAML front matter. Only the head of the README is read (front matter and title sit at the top),
/// and YAML is walked with a node budget so alias bombs cannot blow up.
/// </summary>
public static class ModelCardReader
{
    /// <summary>Bytes of the README read first: front matter and title sit at the top; the prose below is never needed.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// Front matter can be long (MTEB cards list hundreds of results in model-index): when it does not close within
    /// the first read, one more read takes up to this much.
    /// </summary>
    public const int MaxFrontMatterBytes = 4 * 1024 * 1024;

    private const int MaxNodesVisited = 50_000;
    private const int MaxDepth = 32;

    public static async Task<ModelCard> ReadAsync(IArtifactSource source, string path, CancellationToken cancellationToken = default)
    {
        var head = await source.ReadRangeAsync(path, 0, MaxBytes, cancellationToken).ConfigureAwait(false);
        if (head.TotalLength > head.Bytes.Length && OpensFrontMatterWithoutClosing(head.Bytes.Span))
        {
            head = await source.ReadRangeAsync(path, 0, (int)Math.Min(head.TotalLength, MaxFrontMatterBytes), cancellationToken).ConfigureAwait(false);
        }

        return Parse(path, head.Bytes.Span);
    }

    /// <summary>Parses the start of a README; a card without front matter yields an empty card with its title.</summary>
    public static ModelCard Parse(string file, ReadOnlySpan<byte> bytes)
    {
        if (GitLfsPointer.LooksLikePointer(bytes))
        {
            throw new ArtifactException(file, "is a Git LFS pointer, not the model card itself");
        }

        // A card cut at MaxBytes may end inside a multi-byte character: decode leniently, the tail is never used.
        var text = new UTF8Encoding(false, false).GetString(bytes).TrimStart('\uFEFF');
        var (yaml, body) = SplitFrontMatter(text);
        var title = FindTitle(body);
        if (yaml is null)
        {
            return new ModelCard { File = file, Title = title };
        }

        var root = LoadYaml(file, yaml);
        if (root is null)
        {
            return new ModelCard { File = file, HasFrontMatter = true, Title = title };
        }

        var walker = new YamlWalker(file);
        return new ModelCard
        {
            File = file,
            HasFrontMatter = true,
            Title = title,
            BaseModels = walker.Strings(root, "base_model"),
            BaseModelRelation = walker.String(root, "base_model_relation"),
            Datasets = walker.Strings(root, "datasets"),
            Languages = walker.Strings(root, "language"),
            License = walker.Strings(root, "license").FirstOrDefault(),
            PipelineTag = walker.String(root, "pipeline_tag"),
            Tags = walker.Strings(root, "tags"),
            LibraryName = walker.String(root, "library_name"),
            ModelIndex = walker.ModelIndex(root),
        };
    }

    private static bool OpensFrontMatterWithoutClosing(ReadOnlySpan<byte> bytes)
    {
        var text = new UTF8Encoding(false, false).GetString(bytes).TrimStart('\uFEFF');
        return text.StartsWith("---", StringComparison.Ordinal) && SplitFrontMatter(text).Yaml is null;
    }

    private static (string? Yaml, string Body) SplitFrontMatter(string text)
    {
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            return (null, text);
        }

        var firstLineEnd = text.IndexOf('\n');
        if (firstLineEnd < 0 || text[..firstLineEnd].TrimEnd('\r', ' ', '-').Length != 0)
        {
            return (null, text);
        }

        var position = firstLineEnd + 1;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf('\n', position);
            var line = (lineEnd < 0 ? text[position..] : text[position..lineEnd]).TrimEnd('\r', ' ');
            if (line is "---" or "...")
            {
                return (text[(firstLineEnd + 1)..position], lineEnd < 0 ? string.Empty : text[(lineEnd + 1)..]);
            }

            if (lineEnd < 0)
            {
                break;
            }

            position = lineEnd + 1;
        }

        // An opening fence without a closing one: not front matter.
        return (null, text);
    }

    private static YamlMappingNode? LoadYaml(string file, string yaml)
    {
        try
        {
            EnsureShallow(file, yaml);
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
        }
        catch (YamlException e)
        {
            throw new ArtifactException(file, $"front matter is not valid YAML (line {e.Start.Line}): {FirstLine(e.Message)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet reports some malformed input this way: its scanner an unclosed flow sequence, its representation
            // model an event it cannot place ("The current event is of an unsupported type").
            throw new ArtifactException(file, "front matter is not valid YAML");
        }
    }

    /// <summary>
    /// The representation model loads recursively; a hostile card ("- - - - …" or "[[[[…") could overflow the stack.
    /// The event parser is iterative, so it measures depth and size first.
    /// </summary>
    private static void EnsureShallow(string file, string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        int depth = 0, events = 0;
        while (parser.MoveNext())
        {
            if (++events > MaxNodesVisited)
            {
                throw new ArtifactException(file, "front matter is too large to read");
            }

            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth)
                    {
                        throw new ArtifactException(file, $"front matter is nested deeper than {MaxDepth} levels");
                    }

                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    private static string? FindTitle(string body)
    {
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                var title = line.TrimStart('#').Trim();
                if (title.Length > 0)
                {
                    return title.Length > 200 ? title[..200] : title;
                }
            }
        }

        return null;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n');
        return end < 0 ? message : message[..end];
    }

    /// <summary>Reads typed values out of the YAML tree within a budget of visited nodes.</summary>
    private sealed class YamlWalker(string file)
    {
        private int _visited;

        public string? String(YamlMappingNode map, string key) => Scalar(Child(map, key));

        /// <summary>A string or a list of strings (cards use both forms for language, datasets, base_model, license).</summary>
        public List<string> Strings(YamlMappingNode map, string key)
        {
            var result = new List<string>();
            switch (Child(map, key))
            {
                case YamlScalarNode scalar when Scalar(scalar) is { } single:
                    result.Add(single);
                    break;
                case YamlSequenceNode sequence:
                    foreach (var item in sequence.Children)
                    {
                        Visit(1);
                        if (Scalar(item) is { } value)
                        {
                            result.Add(value);
                        }
                    }

                    break;
            }

            return result;
        }

        public List<ModelIndexEntry> ModelIndex(YamlMappingNode root)
        {
            var entries = new List<ModelIndexEntry>();
            if (Child(root, "model-index") is not YamlSequenceNode list)
            {
                return entries;
            }

            foreach (var item in list.Children.OfType<YamlMappingNode>())
            {
                Visit(1);
                var results = new List<ModelIndexResult>();
                if (Child(item, "results") is YamlSequenceNode resultList)
                {
                    foreach (var result in resultList.Children.OfType<YamlMappingNode>())
                    {
                        Visit(1);
                        var task = Child(result, "task") as YamlMappingNode;
                        var dataset = Child(result, "dataset") as YamlMappingNode;
                        var metrics = Child(result, "metrics") is YamlSequenceNode metricList
                            ? metricList.Children.OfType<YamlMappingNode>().Select(m => String(m, "type") ?? String(m, "name")).OfType<string>().ToList()
                            : [];
                        results.Add(new ModelIndexResult(
                            task is null ? null : String(task, "type"),
                            dataset is null ? null : String(dataset, "type"),
                            dataset is null ? null : String(dataset, "name"),
                            metrics));
                    }
                }

                entries.Add(new ModelIndexEntry(String(item, "name"), results));
            }

            return entries;
        }

        private YamlNode? Child(YamlMappingNode map, string key)
        {
            Visit(1);
            return map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
        }

        private string? Scalar(YamlNode? node)
        {
            Visit(1);
            return node is YamlScalarNode { Value: { Length: > 0 } value } && value != "null" && value != "~" ? value.Trim() : null;
        }

        private void Visit(int count)
        {
            _visited += count;
            if (_visited > MaxNodesVisited)
            {
                throw new ArtifactException(file, "front matter is too large or too deeply aliased to read");
            }
        }
    }
}
