import type { ComposeService } from '../../compose/model';
import { mergedGet } from '../../compose/model';
import type { ComposeContext, ComposeRule } from '../../compose/rule';
import { serviceWithoutTool } from '../../compose/service-without-tool';
import { addedCheck, composeTest } from '../../dockerfile/added-check';
import type { RuleFinding } from '../../types';
import { dependencies, finding, insertKey, overrideNote, serviceRepository, services } from './helpers';

/**
 * Images whose Dockerfile declares a HEALTHCHECK, which `service_healthy` waits for: Kong's official images
 * (`kong health`, Supabase's stack), Open WebUI, Vaultwarden, authentik's server (`ak healthcheck`).
 */
const imagesWithHealthcheck = /^(?:(?:library\/)?kong|kong\/kong(?:-gateway)?|open-webui\/open-webui|vaultwarden\/server|goauthentik\/server)$/;

/** The healthcheck the quick fix adds to `target`, and what its test checks with: curl, unless the image has none. */
function template(ctx: ComposeContext, target: ComposeService): { text: string; uses: string | undefined } {
  const check = addedCheck(serviceWithoutTool(ctx, target, 'curl')?.image, 'http://localhost/');
  return { text: `healthcheck:\n  test: ${composeTest(check)}\n  interval: 10s\n  retries: 5`, uses: check?.uses };
}

/** The quick fix's title: what its healthcheck checks with. */
const fixTitle = (dep: string, uses: string | undefined): string => `Add a healthcheck template to "${dep}"${uses ? ` that checks with ${uses}` : ''}`;

export const rule: ComposeRule = {
  meta: {
    id: 'MLC007',
    name: 'depends-on-healthy-without-healthcheck',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'depends_on asks for service_healthy, but the dependency has no (enabled) healthcheck.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    const byName = new Map(services(ctx).map((s) => [s.name, s]));
    for (const s of services(ctx)) {
      for (const { name: dep, value } of dependencies(view, s)) {
        if (dep === undefined || view.text(value, 'condition') !== 'service_healthy') {
          continue;
        }
        const target = byName.get(dep);
        // A built image may declare HEALTHCHECK in its Dockerfile, and a fragment's healthcheck may come from the part it
        // is merged with, which this file cannot see: stay silent.
        if (!target || target.fragment || mergedGet(view, target, 'build') !== undefined) {
          continue;
        }
        const hc = mergedGet(view, target, 'healthcheck');
        if (hc === undefined && imagesWithHealthcheck.test(serviceRepository(view, target))) {
          continue;
        }
        const disabled = hc !== undefined && (view.bool(hc, 'disable') === true || view.items(view.get(hc, 'test')).map((t) => view.str(t))[0] === 'NONE');
        if (hc !== undefined && !disabled) {
          continue;
        }
        const range = view.valueRange(value, 'condition');
        if (!range) {
          continue;
        }
        const inOverride = overrideNote(view, target, 'healthcheck');
        const added = hc === undefined && !inOverride ? template(ctx, target) : undefined;
        const edit = added ? insertKey(view, target.node, added.text) : undefined;
        out.push(finding(range, `Service "${dep}" has ${disabled ? 'its healthcheck disabled' : 'no healthcheck'}, so \`compose up\` fails waiting for it to be healthy; add a healthcheck to "${dep}" or use condition service_started${inOverride ? ` (${inOverride})` : ''}.`, edit ? { title: fixTitle(dep, added?.uses), edits: [edit] } : undefined));
      }
    }
    return out;
  },
};
