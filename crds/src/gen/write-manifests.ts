// `make crds`: write the generated CRDs into crds/manifests and the Helm chart's crds/ folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { KIND_SPECS, manifestFileName, renderCrdYaml } from './crd.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MANIFEST_DIRS = [join(PACKAGE_ROOT, 'manifests'), join(PACKAGE_ROOT, '..', 'charts', 'agentgate', 'crds')];

export function writeManifests(): string[] {
  const written: string[] = [];
  for (const dir of MANIFEST_DIRS) {
    mkdirSync(dir, { recursive: true });
    for (const k of KIND_SPECS) {
      const file = join(dir, manifestFileName(k));
      writeFileSync(file, renderCrdYaml(k));
      written.push(file);
    }
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of writeManifests()) console.log(`wrote ${f}`);
}
