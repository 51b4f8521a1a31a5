using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>The checks' own data (Checks/Knowledge/check-knowledge.json), loaded once; data, not code.</summary>
public sealed class CheckKnowledge
{
    private static readonly Lazy<CheckKnowledge> _default = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private CheckKnowledge(CheckKnowledgeFile file)
    {
        LegacyModelTypes = new Dictionary<string, string>(file.LegacyModelTypes, StringComparer.OrdinalIgnoreCase);
        GgufArchitectures = new Dictionary<string, string[]>(file.GgufArchitectures, StringComparer.OrdinalIgnoreCase);
        TaskSuffixes = file.TaskSuffixes;
        GenericTasks = file.GenericTasks.ToDictionary(
            generic => generic.Key, generic => (IReadOnlySet<string>)new HashSet<string>(generic.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        GenerativeTasks = new HashSet<string>(file.GenerativeTasks, StringComparer.Ordinal);
        FineTunedTextTasks = new HashSet<string>(file.FineTunedTextTasks, StringComparer.Ordinal);
        SizeWordOrder = file.SizeWordOrder;
        PipelineModelTypes = new HashSet<string>(file.PipelineModelTypes, StringComparer.OrdinalIgnoreCase);
        AmbiguousArchitectureWords = new HashSet<string>(file.AmbiguousArchitectureWords, StringComparer.OrdinalIgnoreCase);
        RecipeNames = new HashSet<string>(file.RecipeNames, StringComparer.OrdinalIgnoreCase);
        GeneratedNameWords = new HashSet<string>(file.GeneratedNameWords, StringComparer.OrdinalIgnoreCase);
        PlaceholderWords = new HashSet<string>(file.PlaceholderWords, StringComparer.OrdinalIgnoreCase);
    }

    public static CheckKnowledge Default => _default.Value;

    /// <summary>Historic model_type → today's (RefinedWeb → falcon).</summary>
    public IReadOnlyDictionary<string, string> LegacyModelTypes { get; }

    /// <summary>GGUF general.architecture → model types it is written for.</summary>
    public IReadOnlyDictionary<string, string[]> GgufArchitectures { get; }

    public IReadOnlyDictionary<string, string> TaskSuffixes { get; }

    /// <summary>Task words that name a kind of task (classification, detection, language-modeling) → the pipeline tasks they agree with.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> GenericTasks { get; }

    public IReadOnlySet<string> GenerativeTasks { get; }

    public IReadOnlySet<string> FineTunedTextTasks { get; }

    public IReadOnlyList<string> SizeWordOrder { get; }

    /// <summary>Architectures that name a whole pipeline (diffusers), whose components are other model types by design.</summary>
    public IReadOnlySet<string> PipelineModelTypes { get; }

    /// <summary>Words a name's parse reads as an architecture that as often mean something else (distil: distilled).</summary>
    public IReadOnlySet<string> AmbiguousArchitectureWords { get; }

    /// <summary>Fine-tuning recipes published on several base LLMs (zephyr, hermes, dolphin): any causal LM agrees with them.</summary>
    public IReadOnlySet<string> RecipeNames { get; }

    /// <summary>First words of the names a training service generates with its job number (autotrain, autonlp).</summary>
    public IReadOnlySet<string> GeneratedNameWords { get; }

    /// <summary>First words of placeholder names (test, demo, my).</summary>
    public IReadOnlySet<string> PlaceholderWords { get; }

    private static CheckKnowledge Load()
    {
        using var stream = typeof(CheckKnowledge).Assembly.GetManifestResourceStream("Dara.Cloud.Analysis.Checks.Knowledge.check-knowledge.json")
            ?? throw new InvalidOperationException("check-knowledge.json is not embedded in the engine assembly.");
        var file = JsonSerializer.Deserialize(stream, CheckKnowledgeJsonContext.Default.CheckKnowledgeFile)
            ?? throw new InvalidOperationException("check-knowledge.json is empty.");
        return new CheckKnowledge(file);
    }
}

/// <summary>The file's shape.</summary>
internal sealed record CheckKnowledgeFile(
    Dictionary<string, string> LegacyModelTypes,
    Dictionary<string, string[]> GgufArchitectures,
    Dictionary<string, string> TaskSuffixes,
    Dictionary<string, string[]> GenericTasks,
    string[] GenerativeTasks,
    string[] FineTunedTextTasks,
    string[] SizeWordOrder,
    string[] PipelineModelTypes,
    string[] AmbiguousArchitectureWords,
    string[] RecipeNames,
    string[] GeneratedNameWords,
    string[] PlaceholderWords);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CheckKnowledgeFile))]
internal sealed partial class CheckKnowledgeJsonContext : JsonSerializerContext;
