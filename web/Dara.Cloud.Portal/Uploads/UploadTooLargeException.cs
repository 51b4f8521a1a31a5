namespace Dara.Cloud.Portal.Uploads;

/// <summary>An upload broke a size limit while it was streaming in; answered 413 without reading the rest.</summary>
public sealed class UploadTooLargeException(string message) : Exception(message);
