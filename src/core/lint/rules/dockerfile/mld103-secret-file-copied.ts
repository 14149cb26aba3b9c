import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { copySources } from './mld407-model-or-dataset-in-image';

const secretBasename = /^(?:\.env(?:\.[^.]+)?|\.netrc|\.pypirc|\.git-credentials|id_rsa.*|id_ed25519.*|.+\.key|kaggle\.json)$/;
const secretPath = /(?:^|\/)(?:\.aws\/credentials|\.docker\/config\.json|\.cache\/huggingface\/token|\.huggingface\/token)$/;
const exampleEnv = /^\.env\.(?:example|sample|template|dist)$/;

export function isSecretFile(source: string): boolean {
  const path = source.replace(/\/+$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (exampleEnv.test(base)) {
    return false;
  }
  return secretBasename.test(base) || secretPath.test(path);
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD103',
    name: 'secret-file-copied',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'COPY/ADD copies a credential file into the image.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions) {
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flags.some((f) => f.name === 'from')) {
        continue;
      }
      for (const src of copySources(instr.words, instr.json)) {
        if (isSecretFile(src.value)) {
          out.push(
            finding(
              src.range,
              `${src.value} is a credential file; once copied it stays in the image layers. Mount it only where needed with RUN --mount=type=secret,id=<name> and exclude it in .dockerignore.`,
            ),
          );
        }
      }
    }
    return out;
  },
};
