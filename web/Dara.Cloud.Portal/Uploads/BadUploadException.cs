namespace Dara.Cloud.Portal.Uploads;

/// <summary>
/// An upload the API cannot take at all (not multipart, a file path that escapes the model folder, a field missing):
/// answered 400 naming the field. A file whose content is malformed is no such thing: it is analysed and gets an
/// <c>unreadable</c> verdict naming the problem.
/// </summary>
public sealed class BadUploadException(string field, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public string Field { get; } = field;
}
