using System.Runtime.InteropServices;
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
        var modules = tensors.TryGetNonEnumeratedCount(out var tensorCount)
            ? new Dictionary<string, ModuleTensors>(tensorCount, StringComparer.Ordinal)
            : new Dictionary<string, ModuleTensors>(StringComparer.Ordinal);
        var byPrefix = modules.GetAlternateLookup<ReadOnlySpan<char>>();
        ReadOnlySpan<char> previousModule = default;
        ModuleTensors? previous = null;
        foreach (var (name, shape, dtype) in tensors)
        {
            // Most modules hold several tensors, usually listed together (headers are in name order): the previous
            // tensor's module is tried first, then the module is looked up (or added) by its prefix in one probe; its
            // path is allocated once, when it is added.
            var moduleLength = ModulePath.ModuleLength(name, out var role);
            var module = name.AsSpan(0, moduleLength);
            if (previous is null || !module.SequenceEqual(previousModule))
            {
                ref var found = ref CollectionsMarshal.GetValueRefOrAddDefault(byPrefix, module, out _);
                found ??= new ModuleTensors();
                previous = found;
                previousModule = module;
            }

            previous.Add(role, shape, dtype);
        }

        // Each module path is read once (sort key, folded path, block index); paths and what was read from them are
        // then sorted together by an index, so no module is looked up a second time.
        var count = modules.Count;
        var paths = new string[count];
        var contents = new ModuleTensors[count];
        var keys = new string[count];
        var folded = new string[count];
        var blocks = new BlockIndex[count];
        var foldedPaths = new HashSet<string>(StringComparer.Ordinal);
        var byFoldedPath = foldedPaths.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[FoldBufferLength];
        var position = 0;
        foreach (var (path, moduleTensors) in modules)
        {
            var capacity = ModulePath.FoldedCapacity(path);
            var foldedBuffer = capacity <= buffer.Length ? buffer : new char[capacity];
            paths[position] = path;
            contents[position] = moduleTensors;
            keys[position] = ModulePath.Read(path, foldedBuffer, out var foldedLength, out blocks[position]);

            // Blocks repeat the same folded paths: each is allocated once and shared.
            var foldedPath = foldedBuffer[..foldedLength];
            if (!byFoldedPath.TryGetValue(foldedPath, out var known))
            {
                known = foldedPath.SequenceEqual(path) ? path : foldedPath.ToString();
                foldedPaths.Add(known);
            }

            folded[position++] = known;
        }

        var order = new int[count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order, StringComparer.Ordinal);
        var layers = new List<ArchitectureLayer>(count + 2) { Pseudo(AbstractArchitecture.Input) };
        var blockCounter = new RepeatedBlockFinder();
        var inferred = new Dictionary<string, (ModuleTensors Tensors, ArchitectureLayer Layer)>(StringComparer.Ordinal);
        foreach (var i in order)
        {
            blockCounter.Add(folded[i], paths[i], blocks[i]);

            // The blocks of a stack repeat the same modules with the same shapes: a layer depends only on the folded
            // path and the tensors' roles and shapes (LayerKinds' name markers hold no digits), so it is inferred once.
            if (inferred.TryGetValue(folded[i], out var seen) && seen.Tensors.HasLayoutOf(contents[i]))
            {
                layers.Add(seen.Layer);
                continue;
            }

            var layer = LayerKinds.Infer(paths[i], folded[i], contents[i]);
            inferred[folded[i]] = (contents[i], layer);
            layers.Add(layer);
        }

        layers.Add(Pseudo(AbstractArchitecture.Output));
        var edges = new List<(int, int)>(layers.Count - 1);
        for (var i = 1; i < layers.Count; i++)
        {
            edges.Add((i - 1, i));
        }

        return new AbstractArchitecture(layers, edges, basis, blockCounter.Result());
    }

    private const int FoldBufferLength = 512;

    private static ArchitectureLayer Pseudo(string kind) => new(kind, kind, [], []);
}

/// <summary>The tensors of one module by role (weight, bias, running_mean…), in the order first seen.</summary>
internal sealed class ModuleTensors
{
    // A module has one to a handful of roles (weight and bias, mostly): an array searched in order is cheaper than a
    // dictionary, or a list around the array, per module.
    private (string Role, IReadOnlyList<long>? Shape, string DType)[] _roles = new (string, IReadOnlyList<long>?, string)[2];
    private int _count;

    public int Count => _count;

    /// <summary>Adds a role, or replaces a repeated one in place (keeping its first position, as a dictionary would).</summary>
    public void Add(string role, IReadOnlyList<long>? shape, string dtype)
    {
        var index = IndexOf(role);
        if (index >= 0)
        {
            _roles[index] = (role, shape, dtype);
            return;
        }

        if (_count == _roles.Length)
        {
            Array.Resize(ref _roles, _count * 2);
        }

        _roles[_count++] = (role, shape, dtype);
    }

    public IReadOnlyList<long>? WeightShape =>
        IndexOf("weight") is var w and >= 0 ? _roles[w].Shape
        : IndexOf("qweight") is var q and >= 0 ? _roles[q].Shape
        : IndexOf("parameter") is var p and >= 0 ? _roles[p].Shape
        : _count > 0 ? _roles[0].Shape : null;

    /// <summary>The known shapes of the module's tensors, in role order.</summary>
    public List<IReadOnlyList<long>> Shapes()
    {
        var shapes = new List<IReadOnlyList<long>>(_count);
        for (var i = 0; i < _count; i++)
        {
            if (_roles[i].Shape is { } shape)
            {
                shapes.Add(shape);
            }
        }

        return shapes;
    }

    public bool Has(string role) => IndexOf(role) >= 0;

    /// <summary>True when <paramref name="other"/> has the same roles in the same order with the same shapes (dtypes aside).</summary>
    public bool HasLayoutOf(ModuleTensors other)
    {
        if (other._count != _count)
        {
            return false;
        }

        for (var i = 0; i < _count; i++)
        {
            var (role, shape, _) = _roles[i];
            var (otherRole, otherShape, _) = other._roles[i];
            if (!string.Equals(role, otherRole, StringComparison.Ordinal) || !SameShape(shape, otherShape))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameShape(IReadOnlyList<long>? a, IReadOnlyList<long>? b)
    {
        // Headers share one array per distinct shape, so equal shapes are usually the same array.
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private int IndexOf(string role)
    {
        for (var i = 0; i < _count; i++)
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
internal sealed class RepeatedBlockFinder
{
    private readonly Dictionary<string, HashSet<string>> _indices = new(StringComparer.Ordinal);

    /// <summary>Counts a module's block index under its folded prefix (deeper numeric segments are sub-blocks of it).</summary>
    /// <param name="foldedPath">The module path with indices folded (<c>model.layers.{n}.mlp</c>).</param>
    /// <param name="path">The same path unfolded.</param>
    /// <param name="block">Where its first all-digit segment sits.</param>
    public void Add(string foldedPath, string path, BlockIndex block)
    {
        // A marker at the very start has no prefix to repeat under.
        if (block.Start <= 0)
        {
            return;
        }

        // Prefixes and indices repeat across a model's modules: strings are made only for new ones.
        var prefix = foldedPath.AsSpan(0, block.FoldedPrefixLength);
        var byPrefix = _indices.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!byPrefix.TryGetValue(prefix, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _indices[prefix.ToString()] = set;
        }

        set.GetAlternateLookup<ReadOnlySpan<char>>().Add(path.AsSpan(block.Start, block.Length));
    }

    /// <summary>The prefix with the most distinct indices (ties: the shorter), if it has at least two.</summary>
    public RepeatedBlocks? Result()
    {
        if (_indices.Count == 0)
        {
            return null;
        }

        var best = _indices.MaxBy(p => (p.Value.Count, -p.Key.Length));
        return best.Value.Count >= 2 ? new RepeatedBlocks(best.Key, best.Value.Count) : null;
    }
}
