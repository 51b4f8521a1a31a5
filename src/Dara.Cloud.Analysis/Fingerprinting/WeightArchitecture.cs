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

    /// <summary>From (name, shape, dtype) triples, for callers that hold tensors in their own records.</summary>
    internal static AbstractArchitecture FromTensors(List<(string Name, IReadOnlyList<long> Shape, string DType)> tensors, string basis) =>
        Build(tensors.Select(t => (t.Name, (IReadOnlyList<long>?)t.Shape, t.DType)), basis);

    /// <summary>From names only (a weight map without shard headers): kinds come from names, parameters are unknown.</summary>
    public static AbstractArchitecture FromNames(IEnumerable<string> tensorNames, string basis) =>
        Build(tensorNames.Select(n => (n, (IReadOnlyList<long>?)null, string.Empty)), basis);

    private static AbstractArchitecture Build(IEnumerable<(string Name, IReadOnlyList<long>? Shape, string DType)> tensors, string basis)
    {
        var modules = new Dictionary<string, ModuleTensors>(StringComparer.Ordinal);
        var byPrefix = modules.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (name, shape, dtype) in tensors)
        {
            // Most modules hold several tensors: look the module up by its prefix, allocate its path once.
            var moduleLength = ModulePath.ModuleLength(name, out var role);
            if (!byPrefix.TryGetValue(name.AsSpan(0, moduleLength), out var entry))
            {
                entry = new ModuleTensors();
                modules[moduleLength == name.Length ? name : name[..moduleLength]] = entry;
            }

            entry.Add(role, shape, dtype);
        }

        // Paths and their tensors sorted together by an index, so no module is looked up a second time.
        var ordered = new string[modules.Count];
        var contents = new ModuleTensors[modules.Count];
        var keys = new string[modules.Count];
        var position = 0;
        foreach (var (path, moduleTensors) in modules)
        {
            ordered[position] = path;
            contents[position] = moduleTensors;
            keys[position++] = ModulePath.SortKey(path);
        }

        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order, StringComparer.Ordinal);
        var layers = new List<ArchitectureLayer>(ordered.Length + 2) { Pseudo(AbstractArchitecture.Input) };
        var sortedPaths = new string[ordered.Length];
        var folded = new string[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            sortedPaths[i] = ordered[order[i]];
            folded[i] = ModulePath.Fold(sortedPaths[i]);
            layers.Add(LayerKinds.Infer(sortedPaths[i], folded[i], contents[order[i]]));
        }

        layers.Add(Pseudo(AbstractArchitecture.Output));
        var edges = new List<(int, int)>(layers.Count - 1);
        for (var i = 1; i < layers.Count; i++)
        {
            edges.Add((i - 1, i));
        }

        return new AbstractArchitecture(layers, edges, basis, RepeatedBlockFinder.Find(folded, sortedPaths));
    }

    private static ArchitectureLayer Pseudo(string kind) => new(kind, kind, [], []);
}

/// <summary>The tensors of one module by role (weight, bias, running_mean…), in the order first seen.</summary>
internal sealed class ModuleTensors
{
    // A module has one to a handful of roles: a list searched in order is cheaper than a dictionary per module.
    private readonly List<(string Role, IReadOnlyList<long>? Shape, string DType)> _roles = new(2);

    public int Count => _roles.Count;

    /// <summary>Adds a role, or replaces a repeated one in place (keeping its first position, as a dictionary would).</summary>
    public void Add(string role, IReadOnlyList<long>? shape, string dtype)
    {
        var index = IndexOf(role);
        if (index < 0)
        {
            _roles.Add((role, shape, dtype));
        }
        else
        {
            _roles[index] = (role, shape, dtype);
        }
    }

    public IReadOnlyList<long>? WeightShape =>
        IndexOf("weight") is var w and >= 0 ? _roles[w].Shape
        : IndexOf("qweight") is var q and >= 0 ? _roles[q].Shape
        : IndexOf("parameter") is var p and >= 0 ? _roles[p].Shape
        : _roles.Count > 0 ? _roles[0].Shape : null;

    /// <summary>The known shapes of the module's tensors, in role order.</summary>
    public List<IReadOnlyList<long>> Shapes()
    {
        var shapes = new List<IReadOnlyList<long>>(_roles.Count);
        foreach (var (_, shape, _) in _roles)
        {
            if (shape is not null)
            {
                shapes.Add(shape);
            }
        }

        return shapes;
    }

    public bool Has(string role) => IndexOf(role) >= 0;

    private int IndexOf(string role)
    {
        for (var i = 0; i < _roles.Count; i++)
        {
            if (string.Equals(_roles[i].Role, role, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>Finds the folded prefix that repeats most (<c>model.layers.{n}</c>) and counts its indices.</summary>
internal static class RepeatedBlockFinder
{
    /// <param name="foldedPaths">Module paths with indices folded (<c>model.layers.{n}.mlp</c>).</param>
    /// <param name="paths">The same paths unfolded, in the same order.</param>
    public static RepeatedBlocks? Find(IReadOnlyList<string> foldedPaths, IReadOnlyList<string> paths)
    {
        var indices = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var byPrefix = indices.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var p = 0; p < paths.Count; p++)
        {
            // The first numeric segment marks the block; deeper ones are sub-blocks of it.
            var marker = foldedPaths[p].IndexOf(".{n}", StringComparison.Ordinal);
            if (marker <= 0)
            {
                continue;
            }

            // Prefixes and indices repeat across a model's modules: strings are made only for new ones.
            var prefix = foldedPaths[p].AsSpan(0, marker + 4);
            var start = IndexOfSegment(paths[p], prefix.Count('.'));
            var end = paths[p].IndexOf('.', start);
            var index = end < 0 ? paths[p].AsSpan(start) : paths[p].AsSpan(start, end - start);
            if (!byPrefix.TryGetValue(prefix, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                indices[prefix.ToString()] = set;
            }

            set.GetAlternateLookup<ReadOnlySpan<char>>().Add(index);
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
