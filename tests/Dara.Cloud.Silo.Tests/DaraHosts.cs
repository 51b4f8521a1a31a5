using System.Globalization;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dara.Cloud.Silo.Tests;

/// <summary>Hosts built the way the headless silo and the portal build them, from a settings dictionary.</summary>
internal static class DaraHosts
{
    public static HostApplicationBuilder Builder(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    /// <summary>Settings for a localhost silo on free ports with its data under <paramref name="dataDirectory"/>.</summary>
    public static Dictionary<string, string?> Localhost(string dataDirectory) => new()
    {
        ["Dara:DataDirectory"] = dataDirectory,
        ["Dara:Clustering:SiloPort"] = FreePort(),
        ["Dara:Clustering:GatewayPort"] = FreePort(),
        ["Dara:Clustering:ClusterId"] = $"test-{Guid.NewGuid():N}",
    };

    public static string FreePort() => LocalEmulators.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);

    public static async Task<IHost> StartSiloAsync(IDictionary<string, string?> settings, Action<ISiloBuilder>? configure = null)
    {
        var builder = Builder(settings);
        builder.AddDaraSilo(configure);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task<IHost> StartClientAsync(IDictionary<string, string?> settings)
    {
        var builder = Builder(settings);
        builder.AddDaraClient();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A small upload: a DistilBERT classifier's config and card.</summary>
    /// <summary>A tiny DistilBERT classifier: config, card and its weights' header (as clients upload a safetensors file).</summary>
    public static ArtifactSet SmallUpload(string language = "en") => ArtifactSet.From([
        TextFile("config.json", """
            {"architectures": ["DistilBertForSequenceClassification"], "model_type": "distilbert", "dim": 64, "n_layers": 2,
             "n_heads": 4, "hidden_dim": 256, "vocab_size": 100, "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}}
            """),
        TextFile("README.md", $"---\nlanguage: {language}\n---\n# Tiny\n"),
        WeightsHeader(),
    ]);

    private static ArtifactFile WeightsHeader()
    {
        var weights = new SafetensorsBuilder()
            .Add("distilbert.embeddings.word_embeddings.weight", "F32", 100, 64)
            .Add("distilbert.transformer.layer.0.attention.q_lin.weight", "F32", 64, 64)
            .Add("distilbert.transformer.layer.1.attention.q_lin.weight", "F32", 64, 64)
            .Add("classifier.weight", "F32", 2, 64);
        return new ArtifactFile("model.safetensors", weights.FileLength, weights.HeaderBytes());
    }

    private static ArtifactFile TextFile(string path, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return new ArtifactFile(path, bytes.LongLength, bytes);
    }
}
