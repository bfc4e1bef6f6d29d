// ONNX separation models without a browser: `npm run models -- list | catalogue | install <name> |
// remove <name>`. Models live in MODELS_DIR (default DATA_DIR/models); see README "Learned models".
import { AppError } from "@/lib/errors";
import { CATALOGUE, installModel, listModels, modelsDir, removeModel } from "@/lib/engines/onnx-separation/models";

const USAGE = `Usage: npm run models -- <command>

Commands:
  list              Installed models (in MODELS_DIR) with their parameters and status.
  catalogue         Known public MDX-Net models that "install" can download.
  install <name>    Download a catalogue model from its public release, verify its hash, install it.
  remove <name>     Delete an installed model and its sidecar.
`;

async function main([command, name]: string[]): Promise<number> {
  switch (command) {
    case "list": {
      const models = await listModels();
      console.log(`${models.length} model(s) in ${modelsDir()}`);
      for (const m of models) {
        const p = m.params;
        const desc = p
          ? `${p.target}, n_fft ${p.nFft}, hop ${p.hop}, dim_f ${p.dimF}, dim_t ${p.dimT}, compensate ${p.compensate} (${m.paramsSource})`
          : "no parameters";
        console.log(`${m.error ? "✗" : "✓"} ${m.name}\t${m.engine}\t${desc}${m.error ? `\n    ${m.error}` : ""}`);
      }
      return models.some((m) => m.error) ? 1 : 0;
    }
    case "catalogue": {
      for (const d of CATALOGUE.downloads) console.log(`${d.name}\t${d.label}`);
      return 0;
    }
    case "install": {
      if (!name) break;
      console.log(`Downloading ${name}…`);
      const m = await installModel(name);
      console.log(`Installed ${m.name} (${(m.bytes / 1048576).toFixed(1)} MB) as ${m.engine} in ${modelsDir()}`);
      return 0;
    }
    case "remove": {
      if (!name) break;
      await removeModel(name);
      console.log(`Removed ${name}`);
      return 0;
    }
  }
  console.error(command ? `${USAGE}` : USAGE);
  return 2;
}

main(process.argv.slice(2))
  .then((code) => (process.exitCode = code))
  .catch((error) => {
    console.error(`error: ${error instanceof AppError || error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
