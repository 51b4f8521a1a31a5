namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// One naming element of a model name: its code, the text exactly as written, and its normalised meaning.
/// <see cref="Start"/> and <see cref="Length"/> locate <see cref="Text"/> in the name part (after the owner's '/').
/// </summary>
/// <param name="Code">What the element says (architecture, size, ...).</param>
/// <param name="Text">The characters of the name that carry it, as written.</param>
/// <param name="Value">
/// The normalised meaning: architecture → config model_type (xlm-roberta, llama); size → canonical size word or a number;
/// language → ISO 639-1 code where one exists; task → Hub pipeline tag, or the word for an application goal;
/// dataset → dataset id; P → absolute parameter count ("7000000000", "8x7000000000" for mixtures of experts);
/// Q → canonical precision (fp16, int4, gptq, q4_k_m); W → format (gguf, onnx); others → the lower-cased text.
/// </param>
/// <param name="Start">Offset of <see cref="Text"/> in the name part.</param>
/// <param name="Length">Length of <see cref="Text"/>.</param>
public readonly record struct NamingElement(ElementCode Code, string Text, string Value, int Start, int Length);
