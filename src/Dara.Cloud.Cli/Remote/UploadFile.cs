namespace Dara.Cloud.Cli.Remote;

/// <summary>
/// One file to send to the service: its path in the model, its full length, and the bytes the engine needs of it
/// (a safetensors or GGUF header, a whole document or graph, nothing of a large weight file).
/// </summary>
public sealed record UploadFile(string Path, long Length, byte[] Content)
{
    /// <summary>True when only the head of the file is sent, so the service is told the full length.</summary>
    public bool IsHead => Content.LongLength < Length;
}
