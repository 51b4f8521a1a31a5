using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Features;
using Dara.Cloud.Inference.Scoring;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Benchmarks;

/// <summary>
/// The shipped classifier on one core (the process pinned to CPU 0): 1,024 layer traces of 50–350 operations (the
/// PeaTMOSS rows average 196) predicted in batches — features extracted in C#, probabilities from OnnxRuntime — and
/// the two halves apart; and loading the model (ONNX session + manifest).
/// Targets: ≥ 20,000 predictions/s batched; model load under 200 ms.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OneCore))]
public class ClassifierBenchmarks
{
    public const int Rows = 1024;

    /// <summary>The PeaTMOSS rows in the paper's balanced test set.</summary>
    public const int RealRows = 480;

    private IReadOnlyList<LayerTrace> _traces = [];
    private IReadOnlyList<LayerTrace> _realTraces = [];
    private float[] _features = [];
    private byte[] _onnx = [];
    private ClassifierManifest _manifest = null!;
    private ModelTypePredictor _predictor = null!;
    private FeatureExtractor _extractor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _predictor = ModelTypePredictor.Shipped;
        _manifest = _predictor.Manifest;
        _onnx = ShippedClassifier.Resource(ClassifierFiles.Onnx);
        _extractor = new FeatureExtractor(_manifest.Features);
        var tokens = _manifest.KnownTokens.Where(t => t is not "input" and not "output").ToArray();
        var random = new Random(7);
        _traces = Enumerable.Range(0, Rows)
            .Select(_ => LayerTrace.FromText("input " + string.Join(' ', Enumerable.Range(0, random.Next(50, 350)).Select(_ => tokens[random.Next(tokens.Length)])) + " output"))
            .ToList();
        // The 480 real PeaTMOSS traces when DARA_REAL_DATA is set: repetitive, as real models are (uniform random
        // tokens hold about ten times more distinct module names than a real trace, so they overstate the cost).
        _realTraces = RealData.SkipReason is null
            ? PeatmossDataset.LoadFromRoot(RealData.Root).Select(row => row.Trace).ToList()
            : _traces.Take(RealRows).ToList();
        _features = new float[Rows * _predictor.Width];
        for (var i = 0; i < Rows; i++)
        {
            _extractor.ExtractInto(_traces[i], _features.AsSpan(i * _predictor.Width, _predictor.Width));
        }
    }

    /// <summary>The whole prediction: features and scoring, 1,024 traces.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int PredictBatch() => _predictor.PredictBatch(_traces).Count;

    /// <summary>The whole prediction of the real PeaTMOSS traces (the synthetic ones without DARA_REAL_DATA).</summary>
    [Benchmark(OperationsPerInvoke = RealRows)]
    public int PredictRealRows() => _predictor.PredictBatch(_realTraces).Count;

    /// <summary>Feature extraction alone.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public float ExtractFeatures()
    {
        var buffer = new float[_predictor.Width];
        var sum = 0f;
        foreach (var trace in _traces)
        {
            _extractor.ExtractInto(trace, buffer);
            sum += buffer[0];
        }

        return sum;
    }

    /// <summary>OnnxRuntime scoring of features already extracted.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int ScoreFeatures() => _predictor.PredictFeatures(_features, Rows).Count;

    /// <summary>Loading the model: manifest check, ONNX session creation, signature check.</summary>
    [Benchmark]
    public int LoadModel()
    {
        using var predictor = ModelTypePredictor.Load(_onnx, _manifest);
        return predictor.Width;
    }

    /// <summary>Pins the benchmark process to one CPU, so "per second" means per core.</summary>
    private sealed class OneCore : ManualConfig
    {
        public OneCore() => AddJob(Job.Default.WithAffinity(1).WithWarmupCount(3).WithIterationCount(10));
    }
}
