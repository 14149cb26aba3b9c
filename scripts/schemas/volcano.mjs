// Volcano's Job CRD. The volcano.sh/volcano module (which holds the CRD manifests) is refused by the Go
// module proxy; volcano.sh/apis (the Go types those manifests are generated from) is served. So we run
// the generator Volcano itself uses, controller-gen, on the types, in a module that requires only
// volcano.sh/apis (its own k8s.io/api pin decides the embedded pod template). Output is cached per version.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { goModCache } from './sources.mjs';

export const volcano = {
  id: 'volcano', module: 'volcano.sh/apis', version: 'v1.13.0',
  generator: { module: 'sigs.k8s.io/controller-tools', version: 'v0.23.0', args: 'crd:crdVersions=v1' },
  packages: ['volcano.sh/apis/pkg/apis/batch/v1alpha1'],
  files: ['batch.volcano.sh_jobs.yaml'],
};

const cacheRoot = join(homedir(), '.cache/ml-containers/volcano-crds');
const goEnv = { ...process.env, GOMODCACHE: goModCache, GOFLAGS: '-mod=mod' };

function scratchModule(name, imports) {
  const dir = join(cacheRoot, name);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'go.mod'))) {
    execFileSync('go', ['mod', 'init', `tmp/${name}`], { cwd: dir, stdio: 'ignore', env: goEnv });
  }
  writeFileSync(join(dir, 'tools.go'), `//go:build tools\n\npackage tools\n\nimport (\n${imports.map((i) => `\t_ "${i}"`).join('\n')}\n)\n`);
  return dir;
}

/** The folder holding the generated CRD files (generated on first use; later calls reuse them). */
export function volcanoCrdDir() {
  const out = join(cacheRoot, `${volcano.version}-controller-gen-${volcano.generator.version}`);
  if (volcano.files.every((f) => existsSync(join(out, f)))) {
    return out;
  }
  const tool = join(cacheRoot, 'bin', `controller-gen-${volcano.generator.version}`);
  if (!existsSync(tool)) {
    const dir = scratchModule('controller-gen', [`${volcano.generator.module}/cmd/controller-gen`]);
    execFileSync('go', ['get', `${volcano.generator.module}/cmd/controller-gen@${volcano.generator.version}`], { cwd: dir, stdio: 'inherit', env: goEnv });
    execFileSync('go', ['build', '-o', tool, `${volcano.generator.module}/cmd/controller-gen`], { cwd: dir, stdio: 'inherit', env: goEnv });
  }
  const types = scratchModule(`volcano-apis-${volcano.version}`, volcano.packages);
  execFileSync('go', ['get', `${volcano.module}@${volcano.version}`], { cwd: types, stdio: 'inherit', env: goEnv });
  execFileSync(tool, [volcano.generator.args, ...volcano.packages.map((p) => `paths=${p}`), `output:crd:dir=${out}`], { cwd: types, stdio: 'inherit', env: goEnv });
  return out;
}
