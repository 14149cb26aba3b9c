import type { KeyValue } from '../../dockerfile/kv';
import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { effective, finalChain } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { Range, RuleFinding } from '../../types';
import type { CommandCredential } from '../../dockerfile/command-credentials';
import { commandCredentials } from '../../dockerfile/command-credentials';
import { finding } from './helpers';
import { hasUserPasswordPair, isFilePathValue, isFlagValue, isPlaceholderFor, isPlaceholderText, isSecretName, looksLikeCredential } from './secrets';

/**
 * A switch value (`=0`, `=true`) is never a secret, nor is the path of the file that holds it
 * (`GOOGLE_APPLICATION_CREDENTIALS=/secrets/key.json`). An ENV with placeholder text (`changeme`, `<token>`, a value
 * that spells its name: `HF_TOKEN=hf_token`) or no value bakes no secret; an ARG still does, since the real value comes
 * with --build-arg and stays in the history. `ENV HF_TOKEN=$HF_TOKEN` is still reported: it copies the build argument
 * into the image.
 */
function skipsNameCheck(keyword: string, name: string, value: string): boolean {
  return isFlagValue(value) || isFilePathValue(value) || (keyword === 'ENV' && (isPlaceholderText(value) || (!value.includes('$') && isPlaceholderFor(name, value))));
}

/** The stage that holds the instruction when the final image does not build on it (a builder stage); undefined otherwise. */
function stageOutsideFinalImage(model: DockerfileModel, instr: Instruction): Stage | undefined {
  const stage = model.stages.find((s) => s.instructions.includes(instr));
  return stage && !finalChain(model).includes(stage) ? stage : undefined;
}

/**
 * Where the value stays: the image and its history, or, for a stage the final image does not build on, the build
 * cache and max-mode provenance attestations (which record build-arg values and each step's environment).
 */
function exposure(model: DockerfileModel, instr: Instruction): string {
  const stage = stageOutsideFinalImage(model, instr);
  if (!stage) {
    return `${instr.keyword} values persist in the image and its history`;
  }
  const name = stage.name !== undefined ? `stage "${stage.name}"` : `stage ${stage.index}`;
  return `${name} does not reach the final image, but ${instr.keyword} values stay in the build cache and in max-mode provenance attestations`;
}

/**
 * What a literal password on a command line costs, and how to pass it instead: a RUN's command line stays in the
 * image history (or, outside the final image, the build cache and provenance); CMD, ENTRYPOINT and HEALTHCHECK are
 * stored in the image config.
 */
function commandLineMessage(model: DockerfileModel, instr: Instruction, credential: CommandCredential): string {
  const { flag, variable } = credential;
  const keyword = effective(instr).keyword;
  if (keyword === 'RUN') {
    const stage = stageOutsideFinalImage(model, instr);
    const where = stage ? 'stays in the build cache and in max-mode provenance attestations' : 'stays in the image history (docker history shows the command)';
    return `RUN passes a literal secret to ${flag}, which ${where}; mount it with RUN --mount=type=secret,id=${variable.toLowerCase()},env=${variable} and pass "$${variable}" instead.`;
  }
  return `${keyword} passes a literal secret to ${flag}, which is stored in the image config, where anyone who can pull the image reads it (docker inspect); pass "$${variable}" in the shell form and set ${variable} when the container starts.`;
}

/** Where the value of `kv` stands (mapped only for a finding: most pairs give none). */
function valueRange(instr: Instruction, kv: KeyValue): Range {
  return kv.legacy ? kv.word.range : instr.args.range(kv.keyWord.end + 1, kv.word.end);
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD101',
    name: 'secret-in-arg-env',
    family: 'security',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: { hadolint: ['DL3064'], buildkit: ['SecretsUsedInArgOrEnv'] },
    description: 'An ARG or ENV name looks like a secret, or its value looks like a credential; or a RUN, CMD, ENTRYPOINT or HEALTHCHECK passes a literal password to a client\'s own flag (redis-cli -a, mysqladmin -p<password>, curl -u user:password, mc alias set).',
  },
  check({ model, settings }) {
    const out: RuleFinding[] = [];
    const vocab = { allow: settings.secretsAllow, names: settings.secretsNames };
    for (const instr of model.parsed.instructions) {
      if (instr.keyword !== 'ARG' && instr.keyword !== 'ENV') {
        out.push(...commandCredentials(instr, vocab).map((c) => finding(c.range, commandLineMessage(model, instr, c))));
        continue;
      }
      for (const kv of keyValues(instr)) {
        const value = kv.value ?? '';
        if (value !== '' && !value.includes('$') && looksLikeCredential(value)) {
          out.push(finding(valueRange(instr, kv), `The ${instr.keyword} ${kv.key} holds what looks like a real credential, which stays in the image history; revoke it and pass it with RUN --mount=type=secret instead.`));
          continue;
        }
        if (hasUserPasswordPair(kv.key, value)) {
          out.push(finding(valueRange(instr, kv), `The ${instr.keyword} ${kv.key} holds a literal password (user/password), which stays in the image history; pass it with RUN --mount=type=secret,id=${kv.key.toLowerCase()},env=${kv.key} where it is needed.`));
          continue;
        }
        // The name first: most are no secret's, and the value's checks cost more.
        if (isSecretName(kv.key, vocab) && !skipsNameCheck(instr.keyword, kv.key, value)) {
          out.push(
            finding(
              kv.keyWord.range,
              `${instr.keyword} ${kv.key} looks like a secret; ${exposure(model, instr)}, so use RUN --mount=type=secret,id=${kv.key.toLowerCase()},env=${kv.key} where it is needed.`,
            ),
          );
        }
      }
    }
    return out;
  },
};
