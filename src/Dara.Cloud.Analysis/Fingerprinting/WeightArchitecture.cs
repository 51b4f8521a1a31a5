using Dara.Cloud.Analysis.Formats;

namespace Dara.Cloud.Analysis.Fingerprinting;

/// <summary>
/// Builds an abstract architecture from weight tensors alone (safetensors or GGUF headers, or a weight map's names):
/// tensors grouped into modules, each module's kind inferred from its name and weight shape. Weights carry no edges,
/// so modules are connected in registration order (the order PyTorch lists them), which is the data flow for the
/// sequential stacks that make up most published models.
/// </summary>
public static class WeightArchitecture
{
    public static AbstractArchitecture FromTensors(IReadOnlyList<TensorSpec> tensors, string basis) =>
        Build(tensors.Select(t => (t.Name, (IReadOnlyList<long>?)t.Shape, t.DType)), basis);

    /// <summary>From names only (a weight map without shard headers): kinds come from names, parameters are unknown.</summary>
    public static AbstractArchitecture FromNames(IEnumerable<string> tensorNames, string basis) =>
        Build(tensorNames.Select(n => (n, (IReadOnlyList<long>?)null, string.Empty)), basis);

    private static AbstractArchitecture Build(IEnumerable<(string Name, IReadOnlyList<long>? Shape, string DType)> tensors, string basis)
    {
        var modules = new Dictionary<string, ModuleTensors>(StringComparer.Ordinal);
        foreach (var (name, shape, dtype) in tensors)
        {
            var (module, role) = ModulePath.Split(name);
            if (!modules.TryGetValue(module, out var entry))
            {
                entry = new ModuleTensors();
                modules[module] = entry;
            }

            entry.Add(role, shape, dtype);
        }

        var ordered = modules.Keys.Order(ModulePath.NaturalComparer.Instance).ToList();
        var layers = new List<ArchitectureLayer>(ordered.Count + 2) { Pseudo(AbstractArchitecture.Input) };
        foreach (var module in ordered)
        {
            layers.Add(LayerKinds.Infer(module, modules[module]));
        }

        layers.Add(Pseudo(AbstractArchitecture.Output));
        var edges = new List<(int, int)>(layers.Count - 1);
        for (var i = 1; i < layers.Count; i++)
        {
            edges.Add((i - 1, i));
        }

        return new AbstractArchitecture(layers, edges, basis, RepeatedBlockFinder.Find(ordered));
    }

    private static ArchitectureLayer Pseudo(string kind) => new(kind, kind, [], []);
}

/// <summary>The tensors of one module by role (weight, bias, running_mean…).</summary>
internal sealed class ModuleTensors
{
    public Dictionary<string, (IReadOnlyList<long>? Shape, string DType)> Roles { get; } = new(StringComparer.Ordinal);

    public void Add(string role, IReadOnlyList<long>? shape, string dtype) => Roles[role] = (shape, dtype);

    public IReadOnlyList<long>? WeightShape =>
        Roles.TryGetValue("weight", out var w) ? w.Shape
        : Roles.TryGetValue("qweight", out var q) ? q.Shape
        : Roles.TryGetValue("parameter", out var p) ? p.Shape
        : Roles.Values.FirstOrDefault().Shape;

    public bool Has(string role) => Roles.ContainsKey(role);
}

/// <summary>Finds the folded prefix that repeats most (<c>model.layers.{n}</c>) and counts its indices.</summary>
internal static class RepeatedBlockFinder
{
    public static RepeatedBlocks? Find(IEnumerable<string> modulePaths)
    {
        var indices = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var path in modulePaths)
        {
            var segments = path.Split('.');
            for (var i = 1; i < segments.Length; i++)
            {
                if (segments[i].Length > 0 && segments[i].AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
                {
                    // The first numeric segment marks the block; deeper ones are sub-blocks of it.
                    var prefix = ModulePath.Fold(string.Join('.', segments[..i])) + ".{n}";
                    if (!indices.TryGetValue(prefix, out var set))
                    {
                        set = new HashSet<string>(StringComparer.Ordinal);
                        indices[prefix] = set;
                    }

                    set.Add(segments[i]);
                    break;
                }
            }
        }

        if (indices.Count == 0)
        {
            return null;
        }

        var best = indices.MaxBy(p => (p.Value.Count, -p.Key.Length));
        return best.Value.Count >= 2 ? new RepeatedBlocks(best.Key, best.Value.Count) : null;
    }
}
