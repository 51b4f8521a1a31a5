using System.Text.RegularExpressions;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Inspection;

/// <summary>The name a model goes by when none is given: its Hub id, else its folder's name.</summary>
public static partial class ModelIdentity
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
            // A file every model names alike (config.json, model.safetensors) says nothing of the model: checked as
            // "config", it was always an uninformative name. Its folder is what names the model.
            var stem = Path.GetFileNameWithoutExtension(trimmed);
            return IsGenericFile(stem) && Path.GetDirectoryName(Path.GetFullPath(trimmed)) is { } parent
                ? FolderName(new DirectoryInfo(parent))
                : FromLeaf(stem);
        }

        return FolderName(new DirectoryInfo(Path.GetFullPath(trimmed)));
    }

    /// <summary>
    /// True for the stem of a file name that every model uses alike: configs (<c>config</c>, <c>generation_config</c>),
    /// weights (<c>model</c>, <c>pytorch_model</c>, <c>decoder_model_merged</c>, <c>model_quantized</c>, shards
    /// <c>model-00001-of-00002</c>), weight maps (<c>model.safetensors.index</c>) and cards (<c>README</c>).
    /// </summary>
    public static bool IsGenericFile(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        return GenericFileStem().IsMatch(stem);
    }

    private static string FolderName(DirectoryInfo folder)
    {
        // A component folder (onnx/, unet/, text_encoder/, vae_1_0/) is named after the model it belongs to.
        while (IsComponentFolder(folder.Name) && folder.Parent is { } parent)
        {
            folder = parent;
        }

        // A file opened inside a cache snapshot (models--org--name/snapshots/<commit>/config.json) is that model's.
        if (folder.Parent is { Name: "snapshots", Parent: { } modelFolder }
            && HuggingFaceCache.RepoIdFromFolderName(modelFolder.Name) is { } repoId)
        {
            return repoId;
        }

        return FromLeaf(folder.Name);
    }

    [GeneratedRegex(
        @"^(?:(?:[a-z0-9]+_)*(?:model|config)(?:_[a-z0-9]+)*|readme|params|model_index|modules|tokenizer|special_tokens_map|consolidated(?:\.\d+)?)(?:-\d+-of-\d+)?(?:\.(?:safetensors|bin)\.index)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GenericFileStem();

    /// <summary>Folder names that say what part of a model they hold, not which model.</summary>
    private static readonly HashSet<string> GenericFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "onnx", "openvino", "unet", "vae", "vae_decoder", "vae_encoder", "text_encoder", "text_encoder_2", "text_encoder_3",
        "transformer", "safety_checker", "tokenizer", "scheduler", "src", "hf_repo", "model", "models", "checkpoint",
        "checkpoints", "savedmodels", "saved_model", "snapshots",
    };

    /// <summary>
    /// A generic folder name, or a diffusers component's name with numbers after it: pipelines keep a second text
    /// encoder in text_encoder_2 and an older VAE beside the current one in vae_1_0.
    /// </summary>
    private static bool IsComponentFolder(string name) => GenericFolders.Contains(name) || NumberedComponent().IsMatch(name);

    [GeneratedRegex(
        @"^(?:unet|vae|vae_decoder|vae_encoder|text_encoder|tokenizer|transformer|image_encoder|scheduler|safety_checker|feature_extractor)(?:_\d+)+$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberedComponent();

    private static string FromLeaf(string leaf)
    {
        var separator = leaf.IndexOf("__", StringComparison.Ordinal);
        return separator > 0 && separator < leaf.Length - 2 ? $"{leaf[..separator]}/{leaf[(separator + 2)..]}" : leaf;
    }
}
