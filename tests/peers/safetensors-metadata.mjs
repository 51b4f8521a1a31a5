// Hugging Face's own safetensors metadata reader (@huggingface/hub parseSafetensorsMetadata), run against a Hub
// (the tests' fake Hub) as a cross-check of Dara.Cloud's reader and of the fake Hub's URL layout.
// Usage: node safetensors-metadata.mjs <hubUrl> <repoId> [path]
// Prints JSON: { sharded, files, tensors: { name: { dtype, shape, file } }, parameterCount: { dtype: n }, parameterTotal }.
import { parseSafetensorsMetadata } from "@huggingface/hub";

const [hubUrl, repoId, path] = process.argv.slice(2);
if (!hubUrl || !repoId) {
	console.error("usage: node safetensors-metadata.mjs <hubUrl> <repoId> [path]");
	process.exit(2);
}

const parsed = await parseSafetensorsMetadata({
	repo: { type: "model", name: repoId },
	hubUrl,
	...(path ? { path } : {}),
	computeParametersCount: true,
	...(process.env.HF_TOKEN ? { accessToken: process.env.HF_TOKEN } : {}),
});

const headers = parsed.sharded ? parsed.headers : { [parsed.filepaths[0] ?? path ?? "model.safetensors"]: parsed.header };
const tensors = {};
for (const [file, header] of Object.entries(headers)) {
	for (const [name, info] of Object.entries(header)) {
		if (name !== "__metadata__") {
			tensors[name] = { dtype: info.dtype, shape: info.shape, file };
		}
	}
}

process.stdout.write(
	JSON.stringify({
		sharded: parsed.sharded,
		files: parsed.filepaths,
		tensors,
		parameterCount: parsed.parameterCount,
		parameterTotal: parsed.parameterTotal ?? null,
	}),
);
