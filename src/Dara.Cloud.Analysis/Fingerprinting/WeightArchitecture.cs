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

        var ordered = modules.Keys.ToArray();
        var keys = Array.ConvertAll(ordered, ModulePath.SortKey);
        Array.Sort(keys, ordered, StringComparer.Ordinal);
        var layers = new List<ArchitectureLayer>(ordered.Length + 2) { Pseudo(AbstractArchitecture.Input) };
        var folded = new string[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            folded[i] = ModulePath.Fold(ordered[i]);
            layers.Add(LayerKinds.Infer(ordered[i], folded[i], modules[ordered[i]]));
        }

        layers.Add(Pseudo(AbstractArchitecture.Output));
        var edges = new List<(int, int)>(layers.Count - 1);
        for (var i = 1; i < layers.Count; i++)
        {
            edges.Add((i - 1, i));
        }

        return new AbstractArchitecture(layers, edges, basis, RepeatedBlockFinder.Find(folded, ordered));
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
    /// <param name="foldedPaths">Module paths with indices folded (<c>model.layers.{n}.mlp</c>).</param>
    /// <param name="paths">The same paths unfolded, in the same order.</param>
    public static RepeatedBlocks? Find(IReadOnlyList<string> foldedPaths, IReadOnlyList<string> paths)
    {
        var indices = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var p = 0; p < paths.Count; p++)
        {
            // The first numeric segment marks the block; deeper ones are sub-blocks of it.
            var marker = foldedPaths[p].IndexOf(".{n}", StringComparison.Ordinal);
            if (marker <= 0)
            {
                continue;
            }

            var prefix = foldedPaths[p][..(marker + 4)];
            var start = IndexOfSegment(paths[p], prefix.Count(c => c == '.'));
            var end = paths[p].IndexOf('.', start);
            var index = end < 0 ? paths[p][start..] : paths[p][start..end];
            if (!indices.TryGetValue(prefix, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                indices[prefix] = set;
            }

            set.Add(index);
        }

        if (indices.Count == 0)
        {
            return null;
        }

        var best = indices.MaxBy(p => (p.Value.Count, -p.Key.Length));
        return best.Value.Count >= 2 ? new RepeatedBlocks(best.Key, best.Value.Count) : null;
    }

    /// <summary>Start of the segment after the <paramref name="dots"/>-th dot.</summary>
    private static int IndexOfSegment(string path, int dots)
    {
        var position = 0;
        for (var i = 0; i < dots; i++)
        {
            position = path.IndexOf('.', position) + 1;
        }

        return position;
    }
}
