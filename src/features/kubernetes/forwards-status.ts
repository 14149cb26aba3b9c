import * as vscode from 'vscode';
import type { PortForwardManager } from '../../infra/kubernetes/port-forward-manager';

/** "$(plug) 2 forwards" in the status bar while any forward exists; a spinning icon while one reconnects. */
export function forwardsStatusBar(manager: PortForwardManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('mlc.portForwards', vscode.StatusBarAlignment.Left, 10);
  item.command = 'mlc.views.portForwards.focus';
  const update = () => {
    const all = manager.list();
    if (all.length === 0) {
      item.hide();
      return;
    }
    const failed = all.filter((f) => f.state.kind === 'failed').length;
    const reconnecting = all.filter((f) => f.state.kind === 'reconnecting' || f.state.kind === 'starting').length;
    item.text = `$(${reconnecting ? 'sync~spin' : failed ? 'warning' : 'plug'}) ${all.length} forward${all.length === 1 ? '' : 's'}`;
    item.tooltip = all.map((f) => `127.0.0.1:${f.localPort ?? '…'} → ${f.spec.target.name}:${f.spec.remotePort} (${f.state.kind})`).join('\n');
    item.show();
  };
  const off = manager.onDidChange(update);
  update();
  return vscode.Disposable.from(item, { dispose: off });
}
