import type { WorkspaceFacts } from './facts';
import type { Finding } from './finding';

export function checkWorkspaceTrust(workspace: WorkspaceFacts): Finding {
  const base = { id: 'workspace.trust', area: 'workspace', title: 'Workspace trust' } as const;
  if (workspace.trusted === undefined) {
    return { ...base, status: 'info', summary: 'Not applicable outside VS Code.' };
  }
  if (workspace.trusted) {
    return { ...base, status: 'ok', summary: 'The workspace is trusted: building, running and applying are available.' };
  }
  return {
    ...base,
    status: 'warning',
    summary: 'Restricted mode: linting and reading work, but building images, running containers and applying manifests are disabled.',
    fix: 'Trust the workspace (Manage Workspace Trust) if you trust its authors.',
  };
}
