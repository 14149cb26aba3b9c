import { isTemplatePlaceholder } from '../placeholders';

/** A DNS subdomain name as Kubernetes accepts for an object's. */
const objectNameRe = /^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/;

/**
 * A reference's name is one a template or a script fills in before the files are applied: no object could bear it as
 * written (`${MODEL}-pool`, `{{ .Values.pool }}`), or it is a placeholder (`REPLACE_POOL_NAME`, `replace-me`).
 */
export function nameFilledInLater(name: string): boolean {
  return !objectNameRe.test(name) || isTemplatePlaceholder(name);
}
