/**
 * Whether some document's apiVersion names an API group outside Kubernetes' own (`*.k8s.io` and the
 * unqualified ones): only an operator's kind embeds pod templates the operator check reads. The check
 * parses the whole file, so a file of plain Deployments skips it on every edit.
 */
export function namesOperatorGroup(text: string): boolean {
  return /["']?apiVersion["']?\s*:\s*["']?(?![\w.-]*\.k8s\.io\/)[\w-]+(?:\.[\w-]+)+\//.test(text);
}
