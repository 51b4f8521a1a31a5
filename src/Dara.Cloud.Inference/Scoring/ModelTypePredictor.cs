using System.Security.Cryptography;
using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Export;
using Dara.Cloud.Inference.Features;
using Microsoft.ML.OnnxRuntime;

namespace Dara.Cloud.Inference.Scoring;

/// <summary>
/// Scores layer traces with a trained classifier: features extracted in C#, probabilities from one OnnxRuntime
/// <see cref="InferenceSession"/> shared by all callers (OnnxRuntime allows concurrent <c>Run</c> calls), rows
/// scored in batches. Works from the fingerprint alone, so models without config.json (ONNX, GGUF, bare
/// safetensors) get a prediction too.
/// </summary>
public sealed class ModelTypePredictor : IDisposable
{
    /// <summary>Rows scored per OnnxRuntime run: large enough to amortise the call, small enough for a bounded buffer.</summary>
    public const int BatchRows = 64;

    private static readonly string[] OutputNames = ClassifierHeads.All.Select(ClassifierHeads.NameOf).ToArray();

    private static readonly Lazy<ModelTypePredictor> _shipped = new(LoadShippedModel, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly InferenceSession _session;
    private readonly FeatureExtractor _extractor;
    private readonly HashSet<ulong> _knownTokens;
    private readonly Dictionary<ClassifierHead, IReadOnlyList<string>> _classes;

    private ModelTypePredictor(byte[] onnx, ClassifierManifest manifest)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(onnx));
        if (!string.Equals(hash, manifest.OnnxSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArtifactException("classifier.json", $"describes an ONNX file with SHA-256 {manifest.OnnxSha256}, but the model's is {hash}");
        }

        if (manifest.Format != ClassifierManifest.CurrentFormat)
        {
            throw new ArtifactException("classifier.json", $"has format {manifest.Format}; this version reads format {ClassifierManifest.CurrentFormat}");
        }

        Manifest = manifest;
        _extractor = new FeatureExtractor(manifest.Features);
        _knownTokens = manifest.KnownTokens.Select(FeatureExtractor.Fnv).ToHashSet();
        _classes = ClassifierHeads.All.ToDictionary(h => h, h => manifest.Classes.TryGetValue(ClassifierHeads.NameOf(h), out var c)
            ? c
            : throw new ArtifactException("classifier.json", $"has no classes for {ClassifierHeads.NameOf(h)}"));

        using var options = new SessionOptions
        {
            // Scoring runs on the caller's thread; parallelism comes from concurrent callers, not from inside a run.
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            _session = new InferenceSession(onnx, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ArtifactException("classifier ONNX model", $"cannot be loaded by OnnxRuntime: {e.Message}", e);
        }

        CheckSignature();
    }

    /// <summary>The shipped model (embedded in this assembly), loaded once and shared.</summary>
    public static ModelTypePredictor Shipped => _shipped.Value;

    public ClassifierManifest Manifest { get; }

    /// <summary>The feature width the model takes.</summary>
    public int Width => _extractor.Width;

    /// <summary>Loads a model written by <c>dara train</c>: <c>dara-classifier.onnx</c> and <c>classifier.json</c> in <paramref name="directory"/>.</summary>
    public static ModelTypePredictor Load(string directory)
    {
        var onnxPath = Path.Combine(directory, ClassifierFiles.Onnx);
        var manifestPath = Path.Combine(directory, ClassifierFiles.Manifest);
        foreach (var path in new[] { onnxPath, manifestPath })
        {
            if (!File.Exists(path))
            {
                throw new ArtifactException(path, "does not exist (expected a model written by dara train)");
            }
        }

        return Load(File.ReadAllBytes(onnxPath), ReadManifest(File.ReadAllBytes(manifestPath), manifestPath));
    }

    /// <summary>Loads a model from its ONNX bytes and manifest.</summary>
    public static ModelTypePredictor Load(byte[] onnx, ClassifierManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(manifest);
        return new ModelTypePredictor(onnx, manifest);
    }

    /// <summary>Parses classifier.json.</summary>
    public static ClassifierManifest ReadManifest(byte[] json, string file)
    {
        try
        {
            return JsonSerializer.Deserialize(json, InferenceJsonContext.Default.ClassifierManifest)
                ?? throw new ArtifactException(file, "is empty");
        }
        catch (JsonException e)
        {
            throw new ArtifactException(file, $"is not a classifier manifest: {MessageText.JsonProblem(e)}", e);
        }
    }

    /// <summary>
    /// The prediction for what the engine read about a model, from its fingerprint alone (no config.json needed);
    /// null when nothing structural was published (config alone), so there is nothing to classify.
    /// </summary>
    public ClassifierPrediction? Predict(ModelReport report) =>
        LayerTrace.FromReport(report) is { } trace ? Predict(trace) : null;

    public ClassifierPrediction Predict(LayerTrace trace) => PredictBatch([trace])[0];

    /// <summary>Predictions for many traces, scored <see cref="BatchRows"/> at a time.</summary>
    public IReadOnlyList<ClassifierPrediction> PredictBatch(IReadOnlyList<LayerTrace> traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        var predictions = new ClassifierPrediction[traces.Count];
        var buffer = new float[Math.Min(traces.Count, BatchRows) * Width];
        for (var start = 0; start < traces.Count; start += BatchRows)
        {
            var rows = Math.Min(BatchRows, traces.Count - start);
            var counts = new (int Operations, int Unknown)[rows];
            for (var r = 0; r < rows; r++)
            {
                counts[r] = _extractor.ExtractInto(traces[start + r], buffer.AsSpan(r * Width, Width), _knownTokens);
            }

            var probabilities = Score(buffer, rows);
            for (var r = 0; r < rows; r++)
            {
                var (operations, unknown) = counts[r];
                predictions[start + r] = Assemble(probabilities, r, operations == 0 ? 1 : (double)unknown / operations, operations);
            }
        }

        return predictions;
    }

    /// <summary>
    /// Predictions for feature vectors already extracted (<paramref name="rows"/> vectors of <see cref="Width"/>
    /// values, one after another). Unknown operations cannot be counted from features, so none are assumed.
    /// </summary>
    public IReadOnlyList<ClassifierPrediction> PredictFeatures(ReadOnlySpan<float> features, int rows)
    {
        if (rows <= 0 || features.Length != (long)rows * Width)
        {
            throw new ClassifierInputException(rows > 0 && features.Length % rows == 0
                ? $"The feature vectors have {features.Length / rows:N0} values each; the model expects {Width:N0}."
                : $"Expected {rows:N0} feature vectors of {Width:N0} values ({(long)rows * Width:N0} in all), got {features.Length:N0} values.");
        }

        var predictions = new ClassifierPrediction[rows];
        var buffer = new float[Math.Min(rows, BatchRows) * Width];
        for (var start = 0; start < rows; start += BatchRows)
        {
            var count = Math.Min(BatchRows, rows - start);
            features.Slice(start * Width, count * Width).CopyTo(buffer);
            var probabilities = Score(buffer, count);
            for (var r = 0; r < count; r++)
            {
                predictions[start + r] = Assemble(probabilities, r, 0, 0);
            }
        }

        return predictions;
    }

    public void Dispose() => _session.Dispose();

    private Dictionary<ClassifierHead, float[]> Score(float[] buffer, int rows)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, rows * Width), [rows, Width]);
        var names = OutputNames;
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [OnnxHeadMerger.FeaturesInput], [input], names);
        var result = new Dictionary<ClassifierHead, float[]>();
        for (var h = 0; h < names.Length; h++)
        {
            var head = ClassifierHeads.All[h];
            var values = outputs[h].GetTensorDataAsSpan<float>();
            if (values.Length != rows * _classes[head].Count)
            {
                throw new InvalidOperationException($"The model's {names[h]} output has {values.Length} values for {rows} rows of {_classes[head].Count} classes.");
            }

            result[head] = values.ToArray();
        }

        return result;
    }

    private ClassifierPrediction Assemble(Dictionary<ClassifierHead, float[]> probabilities, int row, double unknownShare, int operations)
    {
        LabelPrediction Head(ClassifierHead head)
        {
            var classes = _classes[head];
            return new LabelPrediction(classes, probabilities[head].AsSpan(row * classes.Count, classes.Count).ToArray());
        }

        return new ClassifierPrediction(Head(ClassifierHead.ModelType), Head(ClassifierHead.Arch), Head(ClassifierHead.Task), unknownShare, operations);
    }

    /// <summary>The session must take the manifest's width and give one output per head with its class count.</summary>
    private void CheckSignature()
    {
        if (!_session.InputMetadata.TryGetValue(OnnxHeadMerger.FeaturesInput, out var input) || input.Dimensions is not [_, var width] || width != Width)
        {
            throw new ArtifactException("classifier ONNX model", $"does not take '{OnnxHeadMerger.FeaturesInput}' of width {Width} as classifier.json says");
        }

        foreach (var head in ClassifierHeads.All)
        {
            var name = ClassifierHeads.NameOf(head);
            if (!_session.OutputMetadata.TryGetValue(name, out var output) || output.Dimensions is not [_, var classes] || classes != _classes[head].Count)
            {
                throw new ArtifactException("classifier ONNX model", $"has no output '{name}' of {_classes[head].Count} classes as classifier.json says");
            }
        }
    }

    private static ModelTypePredictor LoadShippedModel() =>
        Load(ShippedClassifier.Resource(ClassifierFiles.Onnx), ReadManifest(ShippedClassifier.Resource(ClassifierFiles.Manifest), ClassifierFiles.Manifest));
}

/// <summary>The files of a trained model as <c>dara train</c> writes them.</summary>
public static class ClassifierFiles
{
    public const string Onnx = "dara-classifier.onnx";
    public const string Manifest = "classifier.json";
    public const string MetricsJson = "metrics.json";
    public const string MetricsMarkdown = "metrics.md";
}
