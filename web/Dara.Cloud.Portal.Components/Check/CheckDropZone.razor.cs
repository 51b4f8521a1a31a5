using Dara.Cloud.Portal.Components.Detail;
using Dara.Cloud.Portal.Components.Naming;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Check;

/// <summary>
/// The pre-publish check in the browser: drop (or choose) a model's files and/or type owner/name, then check. Files
/// the engine does not read are refused by name with a reason; the accepted ones and the name go out in
/// <see cref="OnCheck"/>, and the page sends them (for safetensors, only <see cref="SafetensorsHead"/>).
/// </summary>
public partial class CheckDropZone
{
    private readonly List<CheckFile> _files = [];
    private readonly List<string> _rejected = [];
    private MudFileUpload<IReadOnlyList<IBrowserFile>>? _upload;
    private string? _repoId;
    private bool _dragging;

    /// <summary>Raised with the files and the name when the user asks for a check.</summary>
    [Parameter]
    public EventCallback<CheckSubmission> OnCheck { get; set; }

    /// <summary>True while the page is checking: controls are disabled and the button shows progress.</summary>
    [Parameter]
    public bool Busy { get; set; }

    /// <summary>Most files taken at once (a sharded model has an index and its shards).</summary>
    [Parameter]
    public int MaxFiles { get; set; } = 64;

    /// <summary>The files accepted so far.</summary>
    public IReadOnlyList<CheckFile> Files => _files;

    /// <summary>Why files were refused, one line each.</summary>
    public IReadOnlyList<string> Rejected => _rejected;

    private string? RepoIdText => string.IsNullOrWhiteSpace(_repoId) ? null : _repoId.Trim();

    // What is wrong with the id, said for the id typed ("the Hub does not allow '--'"): a bare name is fine with files.
    private string? RepoIdError => RepoIdText is { } text && !IsRepoId(text) && !IsBareName(text)
        ? text.Contains('/', StringComparison.Ordinal) ? ModelIdProblems.Of(text) : ModelIdProblems.OfName(text)
        : null;

    // Why Check stays off for a name without files: the Hub is asked only for an owner/name.
    private string RepoIdHelp => _files.Count > 0
        ? "The name to check the files against"
        : RepoIdText is { } text && IsBareName(text)
            ? "A name alone is checked against dropped files: drop them, or type the Hub model's owner/name"
            : "Without files, the model is read from the Hugging Face Hub";

    private bool CanCheck => !Busy && RepoIdError is null && (_files.Count > 0 || (RepoIdText is { } text && IsRepoId(text)));

    private Task OpenPickerAsync() => _upload?.OpenFilePickerAsync() ?? Task.CompletedTask;

    private void OnFilesChanged(InputFileChangeEventArgs args)
    {
        _rejected.Clear();
        foreach (var file in args.GetMultipleFiles(MaxFiles))
        {
            var kind = CheckFileKinds.Of(file.Name);
            if (kind == CheckFileKind.Unsupported)
            {
                _rejected.Add($"{file.Name}: not a file the check reads (config.json, *.safetensors, *.onnx, *.index.json, README.md)");
                continue;
            }

            _files.RemoveAll(f => string.Equals(f.Name, file.Name, StringComparison.Ordinal));
            if (_files.Count >= MaxFiles)
            {
                _rejected.Add($"{file.Name}: at most {MaxFiles} files are checked at once");
                continue;
            }

            _files.Add(new CheckFile(file, kind));
        }
    }

    private void OnDraggingChanged(bool dragging) => _dragging = dragging;

    private void Remove(CheckFile file) => _files.Remove(file);

    private async Task OnRepoIdKeyUpAsync(KeyboardEventArgs args)
    {
        if (args.Key == "Enter" && CanCheck)
        {
            await CheckAsync();
        }
    }

    private Task CheckAsync() => CanCheck ? OnCheck.InvokeAsync(new CheckSubmission(_files.ToList(), RepoIdText)) : Task.CompletedTask;

    private static string DescribeSize(CheckFile file) =>
        file.Kind == CheckFileKind.Safetensors ? $"{NumberText.Bytes(file.File.Size)}, header only" : NumberText.Bytes(file.File.Size);

    private static string IconOf(CheckFileKind kind) => kind switch
    {
        CheckFileKind.Safetensors or CheckFileKind.Onnx => Icons.Material.Filled.Memory,
        CheckFileKind.ModelCard => Icons.Material.Filled.Article,
        _ => Icons.Material.Filled.DataObject,
    };

    // ModelKey holds the Hub's id rules; the tenant is only a placeholder so they can be reused to validate the text.
    private static bool IsRepoId(string text) => ModelKey.TryParse(PlaceholderTenant, text, out _);

    private static bool IsBareName(string text) => !text.Contains('/', StringComparison.Ordinal) && ModelKey.TryParse(PlaceholderTenant, "x/" + text, out _);

    private static readonly TenantId PlaceholderTenant = new("check");
}
