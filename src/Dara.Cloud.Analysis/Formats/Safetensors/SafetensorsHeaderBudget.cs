using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats.Safetensors;

/// <summary>
/// The header bytes all of one model's safetensors files may take together; thread-safe, as shards are read at once.
/// One header may hold 100 MiB, and a model is read with up to 256 shards: without a shared budget a hostile sharded
/// model makes the reader fetch 25 GB and keep hundreds of millions of tensor entries. Real sharded models' headers
/// add up to a few MB (DeepSeek-V3's 163 shards: about 10 MB), so by default they share what one header may take.
/// </summary>
public sealed class SafetensorsHeaderBudget(long maxBytes = SafetensorsHeaderReader.MaxHeaderLength)
{
    private long _left = maxBytes;

    /// <summary>The budget this started with.</summary>
    public long MaxBytes { get; } = maxBytes;

    /// <summary>Takes <paramref name="headerLength"/> bytes for <paramref name="file"/>'s header before it is read, or refuses the file.</summary>
    /// <exception cref="ArtifactException">The model's headers would together exceed the budget.</exception>
    public void Take(string file, long headerLength)
    {
        if (Interlocked.Add(ref _left, -headerLength) >= 0)
        {
            return;
        }

        // Given back, so that a smaller header read later may still fit.
        Interlocked.Add(ref _left, headerLength);
        throw new ArtifactException(
            file, $"header length {headerLength} would take the model's safetensors headers past {MaxBytes:N0} bytes together");
    }
}
