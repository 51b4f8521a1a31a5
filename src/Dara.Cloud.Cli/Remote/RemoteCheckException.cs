namespace Dara.Cloud.Cli.Remote;

/// <summary>A check through the service could not be done: the server is unreachable, refused the key, the upload…</summary>
public sealed class RemoteCheckException(string message, Exception? inner = null) : Exception(message, inner);
