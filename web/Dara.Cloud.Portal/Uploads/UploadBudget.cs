namespace Dara.Cloud.Portal.Uploads;

/// <summary>Counts one upload's bytes as they stream in and stops it (413) the moment a limit is passed.</summary>
internal sealed class UploadBudget(UploadOptions options)
{
    private long _received;
    private long _kept;
    private int _files;

    public void Received(int count)
    {
        _received += count;
        if (_received > options.MaxRequestBytes)
        {
            throw new UploadTooLargeException($"The upload is larger than the {Bytes(options.MaxRequestBytes)} limit.");
        }
    }

    public void Kept(string path, long count)
    {
        _kept += count;
        if (_kept > options.MaxKeptBytes)
        {
            throw new UploadTooLargeException(
                $"The headers and documents to analyse come to more than {Bytes(options.MaxKeptBytes)} (at {path}); send fewer files.");
        }
    }

    public void File()
    {
        if (++_files > options.MaxFiles)
        {
            throw new UploadTooLargeException($"The upload has more than {options.MaxFiles} files.");
        }
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes:N0}-byte",
    };
}
