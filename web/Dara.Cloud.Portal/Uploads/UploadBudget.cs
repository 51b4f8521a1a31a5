using Dara.Cloud.Portal.Components.Detail;

namespace Dara.Cloud.Portal.Uploads;

/// <summary>Counts one upload's bytes as they stream in and stops it (413) the moment a limit is passed.</summary>
internal sealed class UploadBudget(UploadOptions options)
{
    private long _received;
    private long _kept;
    private int _files;

    /// <summary>How many more bytes the upload may keep.</summary>
    public long Room => options.MaxKeptBytes - _kept;

    public void Received(int count)
    {
        _received += count;
        if (_received > options.MaxRequestBytes)
        {
            throw new UploadTooLargeException($"The upload is larger than the {NumberText.Bytes(options.MaxRequestBytes)} limit.");
        }
    }

    public void Kept(string path, long count)
    {
        _kept += count;
        if (_kept > options.MaxKeptBytes)
        {
            throw new UploadTooLargeException(
                $"The headers and documents to analyse come to more than {NumberText.Bytes(options.MaxKeptBytes)} (at {path}); send fewer files.");
        }
    }

    public void File()
    {
        if (++_files > options.MaxFiles)
        {
            throw new UploadTooLargeException($"The upload has more than {options.MaxFiles} files.");
        }
    }
}
