namespace Dara.Cloud.Cli.Commands;

/// <summary>
/// The <c>--name</c> value: a Hub id is <c>owner/name</c>, or <c>name</c> alone. An empty part or a second slash
/// would be checked as a name anyway and come back with a nonsense suggestion (<c>owner/BERT-</c>, <c>a/b/bert-c</c>),
/// so such values are refused instead.
/// </summary>
internal static class ModelNameOption
{
    public const string Problem = "--name: give the model's name as owner/name (or name alone)";

    public static bool IsValid(string name)
    {
        var parts = name.Split('/');
        return parts.Length <= 2 && parts.All(part => !string.IsNullOrWhiteSpace(part));
    }
}
