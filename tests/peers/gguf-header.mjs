// Hugging Face's own GGUF header parser (@huggingface/gguf), run on a local file as a cross-check of
// Dara.Cloud's GGUF reader.
// Usage: node gguf-header.mjs <file>
// Prints JSON: { metadata, tensorInfos: [{ name, n_dims, shape, dtype, offset }], tensorDataOffset, littleEndian,
// parameterCount }. BigInts are printed as decimal strings.
import { resolve } from "node:path";
import { gguf } from "@huggingface/gguf";

const [file] = process.argv.slice(2);
if (!file) {
	console.error("usage: node gguf-header.mjs <file>");
	process.exit(2);
}

const parsed = await gguf(resolve(file), { allowLocalFile: true, computeParametersCount: true });

process.stdout.write(
	JSON.stringify(
		{
			metadata: parsed.metadata,
			tensorInfos: parsed.tensorInfos,
			tensorDataOffset: parsed.tensorDataOffset,
			littleEndian: parsed.littleEndian,
			parameterCount: parsed.parameterCount,
		},
		(_, value) => (typeof value === "bigint" ? value.toString() : value),
	),
);
