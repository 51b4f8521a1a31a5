using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>
/// One head of the learned classifier (model_type, architecture or task): its top predictions, most likely first, each
/// with its probability as a number and as a bar on the 0–100% scale.
/// </summary>
public partial class ClassifierChart
{
    private IReadOnlyList<(string Label, double Probability)> _ranked = [];

    /// <summary>The head's name, shown above the predictions ("Model type", "Architecture", "Task").</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <summary>Labels with their 0–1 probabilities (any order; shown most likely first); null while loading.</summary>
    [Parameter]
    public IReadOnlyList<(string Label, double Probability)>? Predictions { get; set; }

    protected override void OnParametersSet() =>
        _ranked = Predictions is null ? [] : Predictions.OrderByDescending(p => p.Probability).ToList();

    /// <summary>A probability as the bar's length: 0–100, one decimal.</summary>
    public static double BarOf(double probability) => Math.Round(Math.Clamp(probability, 0, 1) * 100, 1);
}
