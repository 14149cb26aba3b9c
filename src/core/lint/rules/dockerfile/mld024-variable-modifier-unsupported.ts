import { findVarRefs } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { frontendVersion, versionAtLeast } from './frontend-version';
import { finding } from './helpers';

/** Instructions whose arguments the builder expands itself (RUN, CMD, ENTRYPOINT are left to the shell). */
const expanding = new Set(['ADD', 'ARG', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
const always = /^:?[-+?]/;
/** `${v#p}`, `${v##p}`, `${v%p}`, `${v%%p}`, `${v/p/r}`, `${v//p/r}`: dockerfile frontend 1.7 and later. */
const patterns = /^(?:##?|%%?|\/\/?)/;

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD024',
    name: 'variable-modifier-unsupported',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { dockerfileUtils: ['UNSUPPORTED_MODIFIER'] },
    description: 'A ${VAR…} expansion uses a modifier that the selected Dockerfile frontend does not support.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const version = frontendVersion(model.parsed);
    const escape = model.parsed.escape;
    for (const outer of model.parsed.instructions) {
      const instr = outer.trigger ?? outer;
      if (!expanding.has(instr.keyword)) {
        continue;
      }
      for (const ref of findVarRefs(instr.args.text, escape)) {
        const modifier = ref.modifier;
        if (modifier === '' || always.test(modifier)) {
          continue;
        }
        const range = instr.args.range(ref.start, ref.end);
        if (patterns.test(modifier)) {
          if (!versionAtLeast(version, 1, 7)) {
            out.push(finding(range, `\${${ref.name}${modifier.slice(0, 2).replace(/[^#%/]/g, '')}…} needs Dockerfile frontend 1.7 or later; raise the # syntax=docker/dockerfile: version, or compute the value in a RUN.`));
          }
          continue;
        }
        out.push(finding(range, `\${${ref.name}${modifier}} uses a modifier the builder does not support (only :-, -, :+, +, :?, ?, and from frontend 1.7 #, %, /); compute the value in a RUN instead.`));
      }
    }
    return out;
  },
};
