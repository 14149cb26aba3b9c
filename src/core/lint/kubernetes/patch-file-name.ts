/** A file name that says patch as a word of its own: `gpu-tolerations-patch.yaml`, `patch-resources.yaml`, `patches.yaml`. */
const patchWordRe = /(?:^|[._-])patch(?:es)?(?:[._-]|$)/i;
/** A folder that holds patches: `patches/`, `patch/`. */
const patchFolderRe = /^patch(?:es)?$/i;

/**
 * A file named as a patch (`gpu-tolerations-patch.yaml`, `patch-resources.yaml`, anything under `patches/`): what
 * `kubectl patch --patch-file` and kustomizations apply over an object, with only the fields it changes (NVIDIA's
 * dcgm-exporter ships such a DaemonSet patch without selector or containers). `path` is relative to the project root.
 * Only the file's own name and folders named `patch`/`patches` count: a project folder such as `security-patch/` or
 * `gpu-patch-demo/` holds whole objects.
 */
export function isPatchFileName(path: string | undefined): boolean {
  if (path === undefined) {
    return false;
  }
  const segments = path.split(/[\\/]/);
  const file = segments.pop() ?? '';
  return patchWordRe.test(file) || segments.some((s) => patchFolderRe.test(s));
}
