/**
 * A file named as a patch (`gpu-tolerations-patch.yaml`, `patch-resources.yaml`, anything under `patches/`): what
 * `kubectl patch --patch-file` and kustomizations apply over an object, with only the fields it changes (NVIDIA's
 * dcgm-exporter ships such a DaemonSet patch without selector or containers). `path` is relative to the project root.
 */
export function isPatchFileName(path: string | undefined): boolean {
  return path !== undefined && /(?:^|[/._-])patch(?:es)?(?:[/._-]|$)/i.test(path);
}
