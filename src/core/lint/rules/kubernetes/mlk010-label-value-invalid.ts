import type { Node } from 'yaml';
import { isArgoWorkflow } from '../../kubernetes/argo-workflow-pods';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { memoByString } from '../../string-memo';
import { isTemplatePlaceholder } from '../../placeholders';
import { finding } from './helpers';

const nameRe = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const prefixRe = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** What is wrong with a label key (keys repeat across documents, so each is checked once). */
const keyProblem = memoByString((key: string): string | undefined => {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !prefixRe.test(prefix))) {
    return `label key prefix "${prefix}" is not a DNS subdomain of at most 253 characters`;
  }
  if (!nameRe.test(name)) {
    return `label key name "${name}" must be at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric`;
  }
  return undefined;
});

/**
 * `argoParameters`: Argo substitutes `{{workflow.name}}`, `{{inputs.parameters.x}}` in a template's pod labels before
 * the pod is made. A whole-value template placeholder (`${ACCELERATOR}`, `__ACCELERATOR__`, `<accelerator>`) is filled
 * in before the file is applied, as MLK002 reads it.
 */
function check(view: YamlView, labels: Node | undefined, out: RuleFinding[], argoParameters = false): void {
  for (const pair of view.pairs(labels)) {
    const key = view.keyOf(pair);
    if (key === undefined) {
      continue;
    }
    const kp = keyProblem(key);
    const keyRange = kp !== undefined ? view.range(pair) : undefined;
    if (kp !== undefined && keyRange) {
      out.push(finding(keyRange, `The ${kp}; the API server rejects it.`));
    }
    const value = view.str(pair.value);
    const invalid = value !== undefined && value !== '' && !nameRe.test(value) && !(argoParameters && value.includes('{{')) && !isTemplatePlaceholder(value);
    const valueRange = invalid ? view.pairValueRange(pair) : undefined;
    if (value !== undefined && invalid && valueRange) {
      out.push(finding(valueRange, `Label value "${value.length > 40 ? `${value.slice(0, 40)}…` : value}" is invalid and the API server rejects it; use at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric.`));
    }
  }
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK010',
    name: 'label-value-invalid',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeScore: ['label-values'] },
    description: 'A label key or value breaks the Kubernetes label syntax.',
  },
  check(ctx) {
    const obj = ctx.object;
    const out: RuleFinding[] = [];
    if (!obj) {
      return out;
    }
    const view = obj.view;
    check(view, view.at(obj.root, ['metadata', 'labels']), out);
    const argo = isArgoWorkflow(obj);
    for (const pod of obj.podSpecs) {
      if (pod.templateMetadata) {
        check(view, view.get(pod.templateMetadata, 'labels'), out, argo);
      }
    }
    return out;
  },
};
