using System.Numerics.Tensors;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Dara.Cloud.Inference.Export;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Training;

/// <summary>
/// A head that is a multilayer perceptron (<see cref="MlpOptions"/>): fully connected ReLU layers with inverted dropout
/// and a softmax output, trained with AdamW on cross-entropy. Written over <see cref="TensorPrimitives"/> rather than
/// TorchSharp, whose native libtorch (about 1.4 GB restored, 475 MB copied into every output folder) would outweigh
/// the whole product for networks this small. One thread and a <see cref="SplitMix64"/> seed make training
/// reproducible. The first layer reads the sparse feature rows directly; later layers skip inactive units.
/// Exported as plain ONNX (MatMul, Add, Relu, Softmax, with the row normalisation as ReduceL2, Max, Div).
/// </summary>
internal sealed class MlpHead : IHeadModel
{
    /// <summary>Smallest row norm divided by, so an empty row stays zero (the same floor in the ONNX graph).</summary>
    private const float NormFloor = 1e-12f;

    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;

    private readonly DenseLayer[] _layers;
    private readonly bool _normaliseRows;

    private MlpHead(DenseLayer[] layers, bool normaliseRows)
    {
        _layers = layers;
        _normaliseRows = normaliseRows;
    }

    public int ClassCount => _layers[^1].Outputs;

    /// <summary>The epochs the returned network was trained for (chosen by early stopping when there is an inner split).</summary>
    public int EpochsTrained { get; private set; }

    private int Width => _layers[0].Inputs;

    /// <summary>Trains a network on <paramref name="rows"/> labelled with class slots in [0, <paramref name="classCount"/>).</summary>
    public static MlpHead Train(IReadOnlyList<SparseFeatures> rows, IReadOnlyList<int> labels, int classCount, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (rows.Count == 0 || rows.Count != labels.Count)
        {
            throw new ArgumentException("Training needs at least one row and one label per row.", nameof(rows));
        }

        var mlp = options.Mlp;
        mlp.Validate();
        var width = rows[0].Width;
        var inputs = new SparseFeatures[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            inputs[i] = rows[i].Width == width
                ? Prepared(rows[i], mlp.NormaliseRows)
                : throw new ClassifierInputException($"Row {i + 1} has {rows[i].Width:N0} features; the others have {width:N0}.");
        }

        var seed = (ulong)options.Seed;
        var epochs = mlp.MaximumEpochs;
        var held = (int)Math.Round(rows.Count * (double)mlp.ValidationShare);
        if (held >= 1 && held < rows.Count)
        {
            // The inner split only picks the epoch count; the returned network then learns from every row.
            var order = Enumerable.Range(0, rows.Count).ToArray();
            new SplitMix64(seed ^ 0x5EED_5B11_7000UL).Shuffle(order);
            var probe = new MlpHead(NewLayers(width, mlp.HiddenLayers, classCount, seed), mlp.NormaliseRows);
            epochs = probe.Fit(inputs, labels, order[held..], epochs, mlp, seed, order[..held]);
        }

        var head = new MlpHead(NewLayers(width, mlp.HiddenLayers, classCount, seed), mlp.NormaliseRows);
        head.EpochsTrained = head.Fit(inputs, labels, Enumerable.Range(0, rows.Count).ToArray(), epochs, mlp, seed, validation: null);
        return head;
    }

    public float[][] Predict(IReadOnlyList<SparseFeatures> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var activations = NewActivations();
        var result = new float[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Width != Width)
            {
                throw new ClassifierInputException($"Row {r + 1} has {rows[r].Width:N0} features; the model takes {Width:N0}.");
            }

            Forward(Prepared(rows[r], _normaliseRows), activations, dropout: null, 0);
            result[r] = activations[^1].ToArray();
        }

        return result;
    }

    public ModelProto ToOnnx() => MlpOnnx.Build(_layers.Select(l => (l.Inputs, l.Outputs, l.Weights, l.Bias)).ToList(), _normaliseRows, NormFloor);

    /// <summary>
    /// Trains for up to <paramref name="epochs"/> epochs on the <paramref name="training"/> rows. With
    /// <paramref name="validation"/> rows, stops once the validation errors (then log loss) have not improved for the
    /// patience and returns the epoch count that gave the best; without, returns <paramref name="epochs"/>.
    /// </summary>
    private int Fit(SparseFeatures[] inputs, IReadOnlyList<int> labels, int[] training, int epochs, MlpOptions options, ulong seed, int[]? validation)
    {
        var random = new SplitMix64(seed ^ 0xD20F_0017UL);
        var activations = NewActivations();
        var deltas = NewActivations();
        var gradients = _layers.Select(l => new DenseLayer(l.Inputs, l.Outputs)).ToArray();
        var first = _layers.Select(l => new DenseLayer(l.Inputs, l.Outputs)).ToArray();
        var second = _layers.Select(l => new DenseLayer(l.Inputs, l.Outputs)).ToArray();
        var order = (int[])training.Clone();
        var step = 0;
        var best = (Errors: int.MaxValue, Loss: double.PositiveInfinity, Epoch: epochs);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                var batch = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start));
                foreach (var g in gradients)
                {
                    Array.Clear(g.Weights);
                    Array.Clear(g.Bias);
                }

                foreach (var row in batch)
                {
                    Forward(inputs[row], activations, random, options.Dropout);
                    Backward(inputs[row], labels[row], activations, deltas, gradients, options.Dropout);
                }

                AdamWStep(gradients, first, second, ++step, batch.Length, options);
            }

            if (validation is not null)
            {
                var (errors, loss) = Validate(inputs, labels, validation, activations);
                if (errors < best.Errors || (errors == best.Errors && loss < best.Loss))
                {
                    best = (errors, loss, epoch);
                }
                else if (epoch - best.Epoch >= options.Patience)
                {
                    break;
                }
            }
        }

        return validation is null ? epochs : best.Epoch;
    }

    /// <summary>
    /// Fills each layer's activations for one row; the last holds the class probabilities. With a generator, every
    /// hidden unit is dropped with probability <paramref name="dropout"/> and the kept ones scaled by 1 / (1 − dropout).
    /// </summary>
    private void Forward(SparseFeatures input, float[][] activations, SplitMix64? dropout, float rate)
    {
        var keepScale = 1f / (1f - rate);
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var output = activations[l].AsSpan();
            layer.Bias.CopyTo(output);
            if (l == 0)
            {
                for (var k = 0; k < input.Indices.Length; k++)
                {
                    TensorPrimitives.MultiplyAdd(layer.RowOf(input.Indices[k]), input.Values[k], output, output);
                }
            }
            else
            {
                var previous = activations[l - 1];
                for (var j = 0; j < previous.Length; j++)
                {
                    // ReLU and dropout leave many units at zero: their rows add nothing.
                    if (previous[j] != 0)
                    {
                        TensorPrimitives.MultiplyAdd(layer.RowOf(j), previous[j], output, output);
                    }
                }
            }

            if (l == _layers.Length - 1)
            {
                TensorPrimitives.SoftMax(output, output);
            }
            else
            {
                for (var j = 0; j < output.Length; j++)
                {
                    // The draw is taken for every unit, so the generator's sequence does not depend on the values.
                    var dropped = dropout is not null && dropout.NextDouble() < rate;
                    output[j] = output[j] > 0 && !dropped ? (dropout is null ? output[j] : output[j] * keepScale) : 0;
                }
            }
        }
    }

    /// <summary>Adds one row's cross-entropy gradients (of the activations <see cref="Forward"/> left) to <paramref name="gradients"/>.</summary>
    private void Backward(SparseFeatures input, int label, float[][] activations, float[][] deltas, DenseLayer[] gradients, float rate)
    {
        var keepScale = 1f / (1f - rate);
        var delta = deltas[^1].AsSpan();
        activations[^1].CopyTo(delta);
        delta[label] -= 1f;
        for (var l = _layers.Length - 1; l >= 0; l--)
        {
            var layer = _layers[l];
            var gradient = gradients[l];
            delta = deltas[l];
            TensorPrimitives.Add(gradient.Bias, delta, gradient.Bias);
            if (l == 0)
            {
                for (var k = 0; k < input.Indices.Length; k++)
                {
                    var row = gradient.RowOf(input.Indices[k]);
                    TensorPrimitives.MultiplyAdd(delta, input.Values[k], row, row);
                }

                break;
            }

            var previous = activations[l - 1];
            var below = deltas[l - 1];
            for (var j = 0; j < previous.Length; j++)
            {
                if (previous[j] > 0)
                {
                    var row = gradient.RowOf(j);
                    TensorPrimitives.MultiplyAdd(delta, previous[j], row, row);

                    // A unit that is active was kept by dropout: its activation's slope is the keep scale.
                    below[j] = TensorPrimitives.Dot(layer.RowOf(j), delta) * keepScale;
                }
                else
                {
                    below[j] = 0;
                }
            }
        }
    }

    private void AdamWStep(DenseLayer[] gradients, DenseLayer[] first, DenseLayer[] second, int step, int batchSize, MlpOptions options)
    {
        var correction = (float)(options.LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step)));
        var decay = options.LearningRate * options.WeightDecay;
        var scale = 1f / batchSize;
        for (var l = 0; l < _layers.Length; l++)
        {
            Update(_layers[l].Weights, gradients[l].Weights, first[l].Weights, second[l].Weights, decay);
            Update(_layers[l].Bias, gradients[l].Bias, first[l].Bias, second[l].Bias, 0);
        }

        void Update(float[] parameters, float[] gradient, float[] m, float[] v, float weightDecay)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                var g = gradient[i] * scale;
                m[i] = Beta1 * m[i] + (1 - Beta1) * g;
                v[i] = Beta2 * v[i] + (1 - Beta2) * g * g;
                parameters[i] -= correction * m[i] / (MathF.Sqrt(v[i]) + Epsilon) + weightDecay * parameters[i];
            }
        }
    }

    /// <summary>
    /// Top-1 errors and log loss on held-out rows. Errors come first: the log loss alone bottoms out early, as the
    /// network grows confident on the few rows it gets wrong while it still gets more of the others right.
    /// </summary>
    private (int Errors, double Loss) Validate(SparseFeatures[] inputs, IReadOnlyList<int> labels, int[] rows, float[][] activations)
    {
        var errors = 0;
        var sum = 0.0;
        foreach (var row in rows)
        {
            Forward(inputs[row], activations, dropout: null, 0);
            var probabilities = activations[^1];
            errors += TensorPrimitives.IndexOfMax(probabilities) == labels[row] ? 0 : 1;
            sum -= Math.Log(Math.Max(probabilities[labels[row]], 1e-12));
        }

        return (errors, sum / rows.Length);
    }

    private float[][] NewActivations() => _layers.Select(l => new float[l.Outputs]).ToArray();

    /// <summary>He-initialised layers (normal, variance 2 / inputs), zero biases.</summary>
    private static DenseLayer[] NewLayers(int width, IReadOnlyList<int> hidden, int classCount, ulong seed)
    {
        var random = new SplitMix64(seed);
        var sizes = new[] { width }.Concat(hidden).Append(classCount).ToArray();
        var layers = new DenseLayer[sizes.Length - 1];
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = layers[l] = new DenseLayer(sizes[l], sizes[l + 1]);
            var deviation = Math.Sqrt(2.0 / sizes[l]);
            for (var i = 0; i < layer.Weights.Length; i++)
            {
                layer.Weights[i] = (float)(random.NextGaussian() * deviation);
            }
        }

        return layers;
    }

    /// <summary>The row as the network reads it: scaled to unit length when the options say so.</summary>
    private static SparseFeatures Prepared(SparseFeatures row, bool normalise)
    {
        if (!normalise)
        {
            return row;
        }

        var norm = MathF.Max(TensorPrimitives.Norm(row.Values), NormFloor);
        var values = new float[row.Values.Length];
        TensorPrimitives.Divide(row.Values, norm, values);
        return new SparseFeatures(row.Width, row.Indices, values);
    }

    /// <summary>A fully connected layer: weights row-major [inputs, outputs] (row i: input i's weights), as ONNX MatMul takes them.</summary>
    private sealed class DenseLayer(int inputs, int outputs)
    {
        public int Inputs { get; } = inputs;

        public int Outputs { get; } = outputs;

        public float[] Weights { get; } = new float[inputs * outputs];

        public float[] Bias { get; } = new float[outputs];

        public Span<float> RowOf(int input) => Weights.AsSpan(input * Outputs, Outputs);
    }
}
