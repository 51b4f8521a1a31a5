namespace Dara.Cloud.Analysis.Formats.Gguf;

/// <summary>
/// Names of <c>general.file_type</c> values (llama.cpp's <c>enum llama_ftype</c>, formats.md §2.5) without the
/// <c>LLAMA_FTYPE_ALL_</c> / <c>LLAMA_FTYPE_MOSTLY_</c> prefix: MOSTLY_Q4_K_M → "Q4_K_M".
/// A file type names a mix ("Q4_K_M" files hold Q4_K and Q6_K tensors); it is not a tensor type.
/// </summary>
public static class LlamaFileTypes
{
    private static readonly string[] _names =
    [
        "F32", "F16", "Q4_0", "Q4_1", "Q4_1_SOME_F16", "Q4_2", "Q4_3", "Q8_0", "Q5_0", "Q5_1",
        "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "IQ2_XXS",
        "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ3_M", "IQ2_S", "IQ2_M",
        "IQ4_XS", "IQ1_M", "BF16", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8", "TQ1_0", "TQ2_0", "MXFP4_MOE", "NVFP4",
        "Q1_0", "Q2_0",
    ];

    /// <summary>The name of a <c>general.file_type</c> value, or null when llama.cpp defines none for it.</summary>
    public static string? Name(long fileType) =>
        fileType >= 0 && fileType < _names.Length ? _names[fileType] : null;
}
