using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Dara.Cloud.Inference.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace Dara.Cloud.Inference.Training;

/// <summary>A head trained with ML.NET (maximum entropy or LightGBM); exported to ONNX with ML.NET's own converter.</summary>
internal sealed class MlNetHead : IHeadModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly int _width;

    private MlNetHead(MLContext ml, ITransformer model, int width, int classCount)
    {
        _ml = ml;
        _model = model;
        _width = width;
        ClassCount = classCount;
    }

    public int ClassCount { get; }

    /// <summary>Trains one head on <paramref name="rows"/> labelled with class slots in [0, <paramref name="classCount"/>).</summary>
    public static MlNetHead Train(IReadOnlyList<SparseFeatures> rows, IReadOnlyList<int> labels, int classCount, TrainingOptions options)
    {
        if (rows.Count == 0 || rows.Count != labels.Count)
        {
            throw new ArgumentException("Training needs at least one row and one label per row.", nameof(rows));
        }

        var width = rows[0].Width;
        var ml = new MLContext(options.Seed);
        var data = ToDataView(ml, rows, labels, classCount, width);
        IEstimator<ITransformer> trainer = options.Family switch
        {
            ClassifierFamily.MaximumEntropy => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                L1Regularization = options.L1Regularization,
                L2Regularization = options.L2Regularization,
                MaximumNumberOfIterations = options.MaximumIterations,
                OptimizationTolerance = options.OptimizationTolerance,
                HistorySize = 50,
                // One thread: L-BFGS then sums gradients in one fixed order, so a seed gives the same model bytes.
                NumberOfThreads = 1,
                ShowTrainingStatistics = false,
            }),
            ClassifierFamily.LightGbm => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                NumberOfIterations = options.BoostingRounds,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinimumRowsPerLeaf,
                LearningRate = options.LearningRate,
                Seed = options.Seed,
                NumberOfThreads = 1,
                Silent = true,
                Verbose = false,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Family, "not an ML.NET family"),
        };

        return new MlNetHead(ml, trainer.Fit(data), width, classCount);
    }

    public float[][] Predict(IReadOnlyList<SparseFeatures> rows)
    {
        var data = ToDataView(_ml, rows, new int[rows.Count], ClassCount, _width);
        // GetColumn hands out one reused buffer per row, so each row is copied out before the next is read.
        var result = new float[rows.Count][];
        var i = 0;
        foreach (var score in _model.Transform(data).GetColumn<VBuffer<float>>("Score"))
        {
            var dense = new float[ClassCount];
            score.CopyTo(dense);
            result[i++] = Normalised(dense);
        }

        return result;
    }

    public ModelProto ToOnnx()
    {
        // The schema carries only the features, so the exported graph has one input and no label passthrough.
        var schema = SchemaDefinition.Create(typeof(FeaturesOnly));
        schema[nameof(FeaturesOnly.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, _width);
        var view = _ml.Data.LoadFromEnumerable(Array.Empty<FeaturesOnly>(), schema);
        using var stream = new MemoryStream();
        _ml.Model.ConvertToOnnx(_model, view, stream);
        return ModelProto.Parser.ParseFrom(stream.ToArray());
    }

    private static IDataView ToDataView(MLContext ml, IReadOnlyList<SparseFeatures> rows, IReadOnlyList<int> labels, int classCount, int width)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), classCount);
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var items = new FeatureRow[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Width != width)
            {
                throw new ClassifierInputException($"Row {i + 1} has {rows[i].Width:N0} features; the others have {width:N0}.");
            }

            // A POCO value v loads as key v + 1 (keys count from 1, 0 being "missing"), so slots go in as they are.
            items[i] = new FeatureRow
            {
                Label = (uint)labels[i],
                Features = new VBuffer<float>(width, rows[i].Indices.Length, rows[i].Values, rows[i].Indices),
            };
        }

        return ml.Data.LoadFromEnumerable(items, schema);
    }

    private static float[] Normalised(float[] scores)
    {
        var sum = 0.0;
        foreach (var s in scores)
        {
            sum += s;
        }

        if (sum > 0)
        {
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = (float)(scores[i] / sum);
            }
        }

        return scores;
    }

    private sealed class FeatureRow
    {
        public uint Label { get; set; }

        public VBuffer<float> Features { get; set; }
    }

    private sealed class FeaturesOnly
    {
        public VBuffer<float> Features { get; set; }
    }
}
