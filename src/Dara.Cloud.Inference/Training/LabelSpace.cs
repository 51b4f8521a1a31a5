using Dara.Cloud.Inference.Data;

namespace Dara.Cloud.Inference.Training;

/// <summary>The classes of each head in a fixed order (ordinal), the index being the model's output slot.</summary>
public sealed class LabelSpace
{
    private readonly Dictionary<ClassifierHead, IReadOnlyList<string>> _classes;
    private readonly Dictionary<ClassifierHead, Dictionary<string, int>> _indices;

    public LabelSpace(IReadOnlyList<string> modelTypes, IReadOnlyList<string> archs, IReadOnlyList<string> tasks)
    {
        _classes = new()
        {
            [ClassifierHead.ModelType] = modelTypes,
            [ClassifierHead.Arch] = archs,
            [ClassifierHead.Task] = tasks,
        };
        _indices = _classes.ToDictionary(
            pair => pair.Key,
            pair => pair.Value.Select((label, index) => (label, index)).ToDictionary(p => p.label, p => p.index, StringComparer.Ordinal));
        foreach (var (head, classes) in _classes)
        {
            if (classes.Count < 2 || _indices[head].Count != classes.Count)
            {
                throw new ArgumentException($"The {ClassifierHeads.NameOf(head)} classes must be at least two distinct labels.", nameof(modelTypes));
            }
        }
    }

    /// <summary>The classes found in <paramref name="examples"/>, each head sorted ordinally.</summary>
    public static LabelSpace Of(IEnumerable<LabelledTrace> examples)
    {
        var list = examples.ToList();
        IReadOnlyList<string> Distinct(ClassifierHead head) =>
            list.Select(e => e.LabelOf(head)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new LabelSpace(Distinct(ClassifierHead.ModelType), Distinct(ClassifierHead.Arch), Distinct(ClassifierHead.Task));
    }

    public IReadOnlyList<string> ClassesOf(ClassifierHead head) => _classes[head];

    /// <summary>The slot of <paramref name="label"/>, or -1 when the head has no such class.</summary>
    public int IndexOf(ClassifierHead head, string label) => _indices[head].GetValueOrDefault(label, -1);
}
