using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Benchmarks;

/// <summary>
/// Parses the 9,982 real model names of the PTM-Naming labels (needs DARA_REAL_DATA). One operation is one name,
/// so the reported mean is the time per name; the target is at least 200,000 names/s on one core (≤ 5 µs).
/// </summary>
[MemoryDiagnoser]
public class NameParserBenchmarks
{
    private const int RealNameCount = 9_982;

    private string[] _names = [];
    private NameParser _parser = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(RealData.PtmNaming, "naming_elements_results.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        _names = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        if (_names.Length != RealNameCount)
        {
            throw new InvalidOperationException($"{path} holds {_names.Length} names, expected {RealNameCount}.");
        }

        _parser = NameParser.Default;
        _parser.Parse(_names[0]);
    }

    [Benchmark(OperationsPerInvoke = RealNameCount)]
    public int ParseRealNames()
    {
        var elements = 0;
        foreach (var name in _names)
        {
            elements += _parser.Parse(name).Elements.Count;
        }

        return elements;
    }
}
