using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Inspection;

/// <summary>The name a model goes by when none is given: its Hub id, else its folder's name.</summary>
public static class ModelIdentity
{
    /// <summary>
    /// The source's repository id (Hub, cache), else the folder or file name of <paramref name="location"/>.
    /// A folder named <c>owner__name</c> (how mirrors and exports flatten a Hub id) reads as <c>owner/name</c>.
    /// </summary>
    public static string NameOf(IArtifactSource source, string location)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.RepoId is { Length: > 0 } repoId)
        {
            return repoId;
        }

        var trimmed = location.TrimEnd('/', '\\');
        if (!Directory.Exists(trimmed))
        {
            return FromLeaf(Path.GetFileNameWithoutExtension(trimmed));
        }

        // A component folder (onnx/, unet/, text_encoder/) is named after the model it belongs to.
        var folder = new DirectoryInfo(Path.GetFullPath(trimmed));
        while (GenericFolders.Contains(folder.Name) && folder.Parent is { } parent)
        {
            folder = parent;
        }

        return FromLeaf(folder.Name);
    }

    /// <summary>Folder names that say what part of a model they hold, not which model.</summary>
    private static readonly HashSet<string> GenericFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "onnx", "openvino", "unet", "vae", "vae_decoder", "vae_encoder", "text_encoder", "text_encoder_2", "text_encoder_3",
        "transformer", "safety_checker", "tokenizer", "scheduler", "src", "hf_repo", "model", "models", "checkpoint",
        "checkpoints", "savedmodels", "saved_model", "snapshots",
    };

    private static string FromLeaf(string leaf)
    {
        var separator = leaf.IndexOf("__", StringComparison.Ordinal);
        return separator > 0 && separator < leaf.Length - 2 ? $"{leaf[..separator]}/{leaf[(separator + 2)..]}" : leaf;
    }
}
