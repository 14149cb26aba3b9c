import type { LintSettings } from '../rule';
import type { Equivalents, Fix, Range, RuleFinding, RuleMeta } from '../types';
import type { YamlView } from '../yaml/access';
import type { YamlDocument, YamlFile } from '../yaml/parse';
import type { BuiltDockerfiles } from './built-dockerfiles';
import type { ComposeModel } from './model';
import type { VariantService } from './variant-services';

/** Compose rules also name their dclint equivalents (§1.3 "DC"). */
export interface ComposeRuleMeta extends RuleMeta {
  equivalents: Equivalents & { dclint?: string[] };
}

/** What a Compose rule sees: one document of a Compose file (rules run once per document). */
export interface ComposeContext {
  file: YamlFile;
  document: YamlDocument;
  view: YamlView;
  /** The project model, when the document is a mapping that was analysed. */
  compose?: ComposeModel;
  settings: LintSettings;
  /** `/`-separated path of the file relative to the config root, when known. */
  path?: string;
  /** The services defined by a file this one's services extend (by the path written under `extends.file`), when it was read. */
  extendsServices?: (file: string) => readonly string[] | undefined;
  /** The Dockerfiles the file's services build, as the caller read them (lintCompose's `builtDockerfiles`). */
  builtDockerfiles?: BuiltDockerfiles;
  /** The volumes the files this one includes declare (lintCompose's `includedVolumes`), when every one was read. */
  includedVolumes?: readonly string[];
  /**
   * The namesakes of a service in the variant files beside this main file (lintCompose's `variantFiles`), which
   * `docker compose -f` may merge over it: parsed on the first call, so a rule asks only when it would report.
   */
  variantServices?: (service: string) => readonly VariantService[];
}

export interface ComposeRule {
  meta: ComposeRuleMeta;
  check(ctx: ComposeContext): RuleFinding[];
}

export function finding(range: Range, message: string, fix?: Fix): RuleFinding {
  return fix ? { range, message, fix } : { range, message };
}
