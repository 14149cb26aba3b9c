import type { LocalImages } from './dockerfile/local-images';
import type { DockerfileModel } from './dockerfile/semantic';
import type { RuleFinding, RuleMeta } from './types';

/** Settings the rules read, derived from `.mlc.yaml` (all optional; rules use documented defaults). */
export interface LintSettings {
  trustedRegistries?: string[];
  /** Per-rule options from `.mlc.yaml` `rules.<ID>.options`. */
  ruleOptions: Record<string, Record<string, unknown>>;
  bakeWeights: boolean;
  cpuOnly: boolean;
  secretsAllow: string[];
  secretsNames: string[];
}

export const defaultSettings: LintSettings = { ruleOptions: {}, bakeWeights: false, cpuOnly: false, secretsAllow: [], secretsNames: [] };

/** Read-only view of the build context, implemented in infra (or by a fake in tests). */
export interface BuildContextView {
  /** Total bytes of the files a COPY/ADD source matches; undefined when unknown. */
  sizeOf(source: string): number | undefined;
  /** The text of one small file in the context (a script the image runs); undefined when missing, large or unreadable. */
  textOf?(source: string): string | undefined;
}

export interface DockerfileContext {
  model: DockerfileModel;
  settings: LintSettings;
  buildContext?: BuildContextView;
  /** Images that Compose files around the Dockerfile build and tag: a FROM of one is never pulled. */
  localImages?: LocalImages;
  /** The file's `/`-separated path (relative to the config root), when known: its name may say what the image is for. */
  path?: string;
}

export interface DockerfileRule {
  meta: RuleMeta;
  check(ctx: DockerfileContext): RuleFinding[];
}

export function numberOption(ctx: DockerfileContext, ruleId: string, name: string, fallback: number): number {
  const v = ctx.settings.ruleOptions[ruleId]?.[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
