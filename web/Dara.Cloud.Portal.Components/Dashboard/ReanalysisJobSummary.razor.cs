using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>
/// One re-analysis job as a member reads it: while it runs, a progress bar and how far it got; once it ended, how
/// (finished, failed with its error, cancelled and by whom, or interrupted by a server stop) and what that means for
/// the models' verdicts; always its counts, who started it and when.
/// </summary>
public partial class ReanalysisJobSummary
{
    [Parameter, EditorRequired]
    public ReanalysisJob Job { get; set; } = default!;

    private double Percent => Job.Models == 0 ? 0 : Math.Min(100, Job.Done * 100.0 / Job.Models);

    // A job over the models an older engine analysed visits every model to find them: it is "looking", not
    // "analysing", since most it visits are current and left as they are.
    private string ProgressText => Job.Models == 0
        ? "Listing the organization's models…"
        : $"{(Job.Force ? "Analysing again" : "Looking for models an older engine analysed")}: {Count(Job.Done)} of {Count(Job.Models)} models ({Percent.ToString("0", CultureInfo.InvariantCulture)}%)";

    private MudBlazor.Severity OutcomeSeverity => Job switch
    {
        { IsInterrupted: true } => MudBlazor.Severity.Warning,
        { Status: ReanalysisStatus.Failed } => MudBlazor.Severity.Error,
        { Status: ReanalysisStatus.Cancelled } => MudBlazor.Severity.Info,
        _ => MudBlazor.Severity.Success,
    };

    private string OutcomeTitle => Job switch
    {
        { IsInterrupted: true } => "Interrupted",
        { Status: ReanalysisStatus.Failed } => "Failed",
        { Status: ReanalysisStatus.Cancelled } => $"Cancelled by {Job.CancelledBy}",
        _ => "Finished",
    };

    private string OutcomeDetail => Job switch
    {
        { IsInterrupted: true } =>
            $" after {Count(Job.Done)} of {Count(Job.Models)} models: the server running it stopped. The models it analysed keep their new verdicts; start it again to analyse the rest.",
        { Status: ReanalysisStatus.Failed } =>
            $": {Job.Error?.TrimEnd('.') ?? "the job stopped"}. Start it again; if it fails again, the portal's logs say more.",
        { Status: ReanalysisStatus.Cancelled } =>
            $" after {Count(Job.Done)} of {Count(Job.Models)} models. The models it analysed keep their new verdicts; the others keep their old ones.",
        _ => FinishedDetail,
    };

    // What a finished job means for the models that could not be analysed: they keep the verdicts they had.
    private string FinishedDetail
    {
        get
        {
            var kept = new List<string>();
            if (Job.Unavailable > 0)
            {
                kept.Add($"{Count(Job.Unavailable)} could not be read from the Hub");
            }

            if (Job.Failed > 0)
            {
                kept.Add($"{Count(Job.Failed)} could not be analysed");
            }

            var summary = Job.Force
                ? $": {Count(Job.Done)} models analysed again, {Count(Job.Changed)} with a new verdict or score."
                : $": {Count(Job.Done)} models looked at, the ones an older engine had analysed brought up to date; {Count(Job.Changed)} with a new verdict or score.";
            return kept.Count == 0 ? summary : $"{summary} {string.Join(" and ", kept)}, and kept their verdicts.";
        }
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
