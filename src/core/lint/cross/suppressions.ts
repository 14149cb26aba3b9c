import type { SuppressionIndex } from '../dockerfile/suppress';
import { collectSuppressions } from '../dockerfile/suppress';
import { foreignAnnotationSuppressions } from '../kubernetes/annotations';
import type { KubeObject } from '../kubernetes/model';
import type { Finding, RuleMeta } from '../types';
import { collectYamlSuppressions } from '../yaml/suppress';
import type { ForeignSuppression } from '../yaml/suppress';
import { objectsInFile } from './kube';
import type { WorkspaceModel } from './model';

const noSuppressions: SuppressionIndex = { isSuppressed: () => false };

/**
 * The inline suppressions of the workspace's files, each file's read on first use: `# mlc-ignore`
 * comments (only in files that mention one) and, per object, the foreign linters' annotations (only
 * of objects a finding lands in).
 */
export function workspaceSuppressions(ws: WorkspaceModel): (path: string) => SuppressionIndex | undefined {
  const byPath = new Map<string, SuppressionIndex | undefined>();
  const foreign = new Map<KubeObject, ForeignSuppression | undefined>();
  const foreignOf = (obj: KubeObject): ForeignSuppression | undefined => {
    if (!foreign.has(obj)) {
      foreign.set(obj, foreignAnnotationSuppressions([obj])[0]);
    }
    return foreign.get(obj);
  };
  const yamlSuppressions = (path: string): SuppressionIndex | undefined => {
    const file = ws.yamlFiles.get(path);
    if (!file) {
      return undefined;
    }
    const comments = file.text.includes('mlc-ignore') ? collectYamlSuppressions(file) : noSuppressions;
    const objects = ws.config.foreignPragmas ? objectsInFile(ws, path) : [];
    return {
      isSuppressed(f: Finding, meta: RuleMeta | undefined): boolean {
        if (comments.isSuppressed(f, meta)) {
          return true;
        }
        const line = f.range.start.line;
        return meta !== undefined && objects.some(({ obj }) => {
          if (line < obj.view.document.startLine || line > obj.view.document.endLine) {
            return false;
          }
          const s = foreignOf(obj);
          return s !== undefined && s.from <= line && line <= s.to && s.matches(meta);
        });
      },
    };
  };
  return (path) => {
    if (!byPath.has(path)) {
      const dockerfile = ws.dockerfiles.get(path);
      byPath.set(path, dockerfile ? collectSuppressions(dockerfile.parsed, ws.config.foreignPragmas) : yamlSuppressions(path));
    }
    return byPath.get(path);
  };
}
