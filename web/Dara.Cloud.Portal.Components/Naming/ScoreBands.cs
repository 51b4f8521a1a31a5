using MudBlazor;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>
/// Score colours: 80 and above reads as good, 50–79 as doubtful, below 50 as poor. The bands follow the engine's
/// weights: one warning leaves 85, one error 60, two errors 20.
/// </summary>
public static class ScoreBands
{
    public const int Good = 80;
    public const int Doubtful = 50;

    public static Color ColorOf(int score) => score >= Good ? Color.Success : score >= Doubtful ? Color.Warning : Color.Error;

    public static string DescribeScore(int score) => $"Naming quality {score} of 100";
}
