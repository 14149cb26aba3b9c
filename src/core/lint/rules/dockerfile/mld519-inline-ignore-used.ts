import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { suppressionCommentRe } from './pragma-comments';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD519',
    name: 'inline-ignore-used',
    family: 'style',
    severity: 'info',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL1001'] },
    description: 'Reports every inline suppression comment, for audits.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const c of model.parsed.comments) {
      if (!c.inContinuation && suppressionCommentRe.test(c.text)) {
        out.push(finding(c.range, `Inline suppression "# ${c.text}" hides findings; check that it is still needed and has a reason (-- why), or move it to .mlc.yaml ignore.`));
      }
    }
    for (const d of model.parsed.directives) {
      if (d.name === 'check' && /(?:^|;)\s*skip\s*=/.test(d.value)) {
        out.push(finding(d.range, `Parser directive "# check=${d.value}" skips BuildKit checks and the matching rules here; check that it is still needed.`));
      }
    }
    return out;
  },
};
