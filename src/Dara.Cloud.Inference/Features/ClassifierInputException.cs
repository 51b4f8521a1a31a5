namespace Dara.Cloud.Inference.Features;

/// <summary>
/// Input the classifier cannot take: an empty or oversized layer trace, a token that is no operation name, a feature
/// vector of the wrong width. The message is one line that says what is wrong and what was expected.
/// </summary>
public sealed class ClassifierInputException : ArgumentException
{
    public ClassifierInputException(string message)
        : base(message)
    {
    }

    public ClassifierInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ClassifierInputException()
        : base("The classifier input is not valid.")
    {
    }
}
