using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Training;

/// <summary>
/// The reference point the issue names: a plain cosine nearest neighbour over the same features. A class scores its
/// closest training row; scores become probabilities by a sharp softmax (temperature 0.05), so the ranking is the
/// neighbour ranking. Not exported: it is compared, not shipped.
/// </summary>
internal sealed class NearestNeighbourHead : IHeadModel
{
    private const double Temperature = 0.05;

    private readonly float[][] _rows;
    private readonly int[] _labels;

    private NearestNeighbourHead(float[][] rows, int[] labels, int classCount)
    {
        _rows = rows;
        _labels = labels;
        ClassCount = classCount;
    }

    public int ClassCount { get; }

    public static NearestNeighbourHead Train(IReadOnlyList<SparseFeatures> rows, IReadOnlyList<int> labels, int classCount) =>
        new(rows.Select(Unit).ToArray(), labels.ToArray(), classCount);

    public float[][] Predict(IReadOnlyList<SparseFeatures> rows)
    {
        var result = new float[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            var query = rows[r];
            var best = new double[ClassCount];
            Array.Fill(best, double.NegativeInfinity);
            var norm = Math.Sqrt(query.Values.Sum(v => (double)v * v));
            for (var t = 0; t < _rows.Length; t++)
            {
                var dot = 0.0;
                for (var k = 0; k < query.Indices.Length; k++)
                {
                    dot += query.Values[k] * _rows[t][query.Indices[k]];
                }

                var similarity = norm > 0 ? dot / norm : 0;
                best[_labels[t]] = Math.Max(best[_labels[t]], similarity);
            }

            result[r] = Softmax(best);
        }

        return result;
    }

    public ModelProto ToOnnx() => throw new NotSupportedException("The nearest-neighbour reference has no ONNX export; it is compared, not shipped.");

    private static float[] Unit(SparseFeatures row)
    {
        var dense = new float[row.Width];
        var norm = Math.Sqrt(row.Values.Sum(v => (double)v * v));
        for (var k = 0; k < row.Indices.Length; k++)
        {
            dense[row.Indices[k]] = norm > 0 ? (float)(row.Values[k] / norm) : 0;
        }

        return dense;
    }

    private static float[] Softmax(double[] scores)
    {
        var max = scores.Max();
        var exp = scores.Select(s => double.IsNegativeInfinity(s) ? 0 : Math.Exp((s - max) / Temperature)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => (float)(e / sum)).ToArray();
    }
}
