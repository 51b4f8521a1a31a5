namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// The naming-element letter codes of Jiang et al. (PTM naming study), plus W and Q from the authors' newer extractor
/// and this project's split of precision out of "other". The letters are the codes the paper's labels use.
/// </summary>
public enum ElementCode
{
    /// <summary>Architecture or model brand (bert, llama, MiniLM).</summary>
    A,

    /// <summary>Size word (base, large, tiny) or a size number tied to an architecture (resnet-50).</summary>
    S,

    /// <summary>Dataset (squad, imagenet, in1k).</summary>
    D,

    /// <summary>Dataset or input characteristic (cased, uncased, 224, patch16).</summary>
    C,

    /// <summary>Version (v2, 1.1, a date such as 2507).</summary>
    V,

    /// <summary>Reuse method (finetuned, distilled, lora, sft).</summary>
    F,

    /// <summary>Language (en, english, zh).</summary>
    L,

    /// <summary>Task or application goal (qa, ner, sentiment, fake-news-detector).</summary>
    T,

    /// <summary>Training process (pretrain, sparse, rlhf).</summary>
    R,

    /// <summary>Number of layers (L6, L-12).</summary>
    N,

    /// <summary>Number of heads or the hidden width as written (H-12, H-768).</summary>
    H,

    /// <summary>Parameter count (7b, 125m, 8x7b).</summary>
    P,

    /// <summary>Anything else (test, demo, my).</summary>
    O,

    /// <summary>Format or framework (gguf, onnx, tf, safetensors, mlx).</summary>
    W,

    /// <summary>Precision or quantization (fp16, int8, 4bit, gptq, awq, q4_k_m).</summary>
    Q,

    /// <summary>Organization; only the owner part carries it, and the parser does not emit it by default.</summary>
    M,
}
