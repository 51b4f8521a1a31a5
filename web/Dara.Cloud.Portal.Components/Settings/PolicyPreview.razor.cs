using System.Globalization;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Grains.Analysis;
using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// The live preview of a policy edit: the organization's models (their cached facts and names) scored again with the
/// engine under the edited policy, old → new score and the new verdict per model, and the averages. Edits are
/// debounced; each preview runs on a background task and is cancelled by the next edit, so only the latest shows.
/// </summary>
public sealed partial class PolicyPreview : IDisposable
{
    private CancellationTokenSource? _run;
    private PolicyRecord? _previewedPolicy;
    private IReadOnlyList<(string Name, ModelFacts Facts, int CurrentScore)>? _previewedModels;
    private PolicyPreviewResult? _result;
    private string? _problem;
    private bool _running;

    /// <summary>The models to score: name (owner/name), the facts they were checked against, the current score; null while loading.</summary>
    [Parameter]
    public IReadOnlyList<(string Name, ModelFacts Facts, int CurrentScore)>? Models { get; set; }

    /// <summary>
    /// How many models the organization has, of which <see cref="Models"/> are the most recently analysed (the page
    /// previews a sample); null when not known. The averages say which models they are over.
    /// </summary>
    [Parameter]
    public int? OrganizationModels { get; set; }

    /// <summary>The policy being edited.</summary>
    [Parameter, EditorRequired]
    public PolicyRecord Policy { get; set; } = PolicyRecord.Default;

    /// <summary>Milliseconds an edit must rest before the models are scored again.</summary>
    [Parameter]
    public int DebounceMilliseconds { get; set; } = 250;

    /// <summary>Most rows listed (the biggest changes); the averages and counts cover every model.</summary>
    [Parameter]
    public int MaxRows { get; set; } = 20;

    /// <summary>How a name is checked; the engine's <see cref="NameChecker.Default"/> unless the page brings its own.</summary>
    [Parameter]
    public Func<string, ModelFacts, NamingPolicy, CheckResult>? Check { get; set; }

    /// <summary>The preview shown (null before the first one completes).</summary>
    public PolicyPreviewResult? Result => _result;

    /// <summary>The policy <see cref="Result"/> was computed under.</summary>
    public PolicyRecord? ResultPolicy { get; private set; }

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Models, _previewedModels) && Equals(Policy, _previewedPolicy))
        {
            return;
        }

        _previewedModels = Models;
        _previewedPolicy = Policy;
        _run?.Cancel();
        _run?.Dispose();
        _run = null;
        _running = false;
        if (Models is null)
        {
            _result = null;
            return;
        }

        if (!PolicyMapping.TryToNamingPolicy(Policy, out var naming, out var problem))
        {
            _problem = problem;
            return;
        }

        _problem = null;
        _running = true;
        _run = new CancellationTokenSource();
        _ = RunAsync(Models, Policy, naming, Check ?? ((name, facts, policy) => NameChecker.Default.Check(name, facts, policy)), _run.Token);
    }

    private async Task RunAsync(
        IReadOnlyList<(string Name, ModelFacts Facts, int CurrentScore)> models,
        PolicyRecord policy,
        NamingPolicy naming,
        Func<string, ModelFacts, NamingPolicy, CheckResult> check,
        CancellationToken cancellationToken)
    {
        try
        {
            if (DebounceMilliseconds > 0)
            {
                await Task.Delay(DebounceMilliseconds, cancellationToken);
            }

            // Off the renderer's thread: scoring thousands of names must not freeze the circuit.
            var result = await Task.Run(() => PolicyPreviewCalculator.Compute(models, naming, check, cancellationToken), cancellationToken);
            await InvokeAsync(() =>
            {
                // A newer edit may have started while this one finished: only the latest run may show its result.
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                _result = result;
                ResultPolicy = policy;
                _running = false;
                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
            // Superseded by a newer edit, or the component went away.
        }
    }

    /// <summary>What the averages are over: a sample of the newest analyses, or every model when it holds them all.</summary>
    private string ScoredText(int scored) => OrganizationModels switch
    {
        { } total when scored < total && scored == 1 => $"Score of the most recently analysed of {total} models:",
        { } total when scored < total => $"Average score of the {scored} most recently analysed of {total} models:",
        { } when scored == 1 => "Score of the organization's only model:",
        { } => $"Average score of all {scored} models:",
        null when scored == 1 => "Score of 1 model:",
        null => $"Average score of {scored} models:",
    };

    private static string Format(double score) => score.ToString("0.#", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _run?.Cancel();
        _run?.Dispose();
    }
}
