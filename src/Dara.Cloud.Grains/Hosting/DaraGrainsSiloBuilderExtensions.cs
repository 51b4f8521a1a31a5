using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Grains.Alerts;
using Dara.Cloud.Grains.Analysis;
using Dara.Cloud.Grains.Hosting;
using Dara.Cloud.Grains.Security;
using Dara.Cloud.Inference.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Orleans.Hosting;

/// <summary>Adds Dara's grains to a silo: their options, the engine with the shipped classifier, the Hub client and the tenant call filter.</summary>
public static class DaraGrainsSiloBuilderExtensions
{
    /// <summary>
    /// Registers what the grains need. Grain storage (<see cref="Dara.Cloud.Grains.DaraStorage"/>'s two names) and reminders are the
    /// host's to add (<c>AddDaraSilo</c> does). Options bind from <c>Dara:Hub</c>, <c>Dara:Watcher</c> and
    /// <c>Dara:Organization</c> and are validated at startup.
    /// </summary>
    public static ISiloBuilder AddDaraGrains(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DaraHubOptions>().BindConfiguration(DaraHubOptions.Section)
            .Validate(o => o.Endpoint is { IsAbsoluteUri: true, Scheme: "http" or "https" }, "Dara:Hub:Endpoint must be an absolute http(s) address.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.MaxRetries >= 0 && o.BaseDelay >= TimeSpan.Zero && o.MaxRetryAfter >= TimeSpan.Zero,
                "Dara:Hub: Timeout must be positive; MaxRetries, BaseDelay and MaxRetryAfter not negative.")
            .ValidateOnStart();
        services.AddOptions<RegistryWatcherOptions>().BindConfiguration(RegistryWatcherOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero && o.FirstPollDelay >= TimeSpan.Zero, "Dara:Watcher: Interval must be positive and FirstPollDelay not negative.")
            .Validate(o => o.PageSize is >= 1 and <= 1000 && o.RegisterConcurrency is >= 1 and <= 256 && o.MaxRegistrationsPerPoll >= 1,
                "Dara:Watcher: PageSize must be 1-1000, RegisterConcurrency 1-256 and MaxRegistrationsPerPoll positive.")
            .ValidateOnStart();
        services.AddOptions<OrganizationOptions>().BindConfiguration(OrganizationOptions.Section)
            .Validate(o => o.RecheckConcurrency is >= 1 and <= 256, "Dara:Organization:RecheckConcurrency must be 1-256.")
            .Validate(o => o.ReanalysisConcurrency is >= 1 and <= 256 && o.ReanalysisCheckpoint > TimeSpan.Zero,
                "Dara:Organization: ReanalysisConcurrency must be 1-256 and ReanalysisCheckpoint positive.")
            .Validate(o => o.IndexWriteDelay > TimeSpan.Zero && o.MaxApiKeys >= 1 && o.MaxWatchedAuthors >= 1 && o.MaxMembers >= 1 && o.MaxModels >= 1,
                "Dara:Organization: IndexWriteDelay, MaxApiKeys, MaxWatchedAuthors, MaxMembers and MaxModels must be positive.")
            .ValidateOnStart();

        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section)
            .Validate(o => o.MaxAttempts >= 1 && o.BaseDelay >= TimeSpan.Zero && o.AttemptTimeout > TimeSpan.Zero && o.MaxQueued >= 1 && o.ResumeInterval > TimeSpan.Zero,
                "Dara:Alerts: MaxAttempts and MaxQueued must be positive, BaseDelay not negative, AttemptTimeout and ResumeInterval positive.")
            .ValidateOnStart();
        services.TryAddSingleton<AlertSender>();
        services.AddOptions<EmailAlertOptions>().BindConfiguration(EmailAlertOptions.Section)
            .Validate(o => !o.IsConfigured || (o.Port is >= 1 and <= 65535 && MimeKit.MailboxAddress.TryParse(o.From, out _)),
                "Dara:Alerts:Email: Port must be 1-65535 and From an e-mail address (\"Dara.Cloud <alerts@example.com>\").")
            .Validate(o => o.DigestWindow >= TimeSpan.Zero && o.MaxModelsListed >= 1,
                "Dara:Alerts:Email: DigestWindow must not be negative and MaxModelsListed must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<AlertMailer>();

        // Grain state is written with Orleans' own serializer: the records are [GenerateSerializer] with [Id]s, so it is
        // version-tolerant, compact, and fast enough for an index of tens of thousands of models.
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.TryAddSingleton(TimeProvider.System);
        // The shipped classifier, loaded on first analysis and shared by every worker activation (OnnxRuntime sessions are thread-safe).
        services.TryAddSingleton<IArchitecturePredictor>(_ => ClassifierArchitecturePredictor.Shipped);
        services.TryAddSingleton<IEngineIdentity>(provider => new EngineIdentity(provider.GetService<IArchitecturePredictor>()));
        services.TryAddSingleton(provider => new AnalysisEngine(
            provider.GetRequiredService<IEngineIdentity>(),
            provider.GetRequiredService<TimeProvider>(),
            checker: new NameChecker(predictor: provider.GetService<IArchitecturePredictor>())));
        services.TryAddSingleton(provider => new HubClient(provider.GetRequiredService<IOptions<DaraHubOptions>>().Value.ToClientOptions()));
        builder.AddIncomingGrainCallFilter<TenantCallFilter>();
        return builder;
    }
}
