import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import type { JupyterWithoutLogin } from '../../jupyter-login';
import { jupyterWithoutLogin } from '../../jupyter-login';
import { containerCommands } from './container-commands';
import { selectedContainers } from './service-backends';

/** A container the Service selects that runs Jupyter without a login, and the names of its ports that Jupyter's port has. */
export interface OpenJupyter extends JupyterWithoutLogin {
  container: string | undefined;
  portNames: readonly string[];
}

/** The containers of the same file the Service selects that start Jupyter with an empty token and no password. */
export function openJupyters(ctx: KubernetesContext, service: KubeObject): OpenJupyter[] {
  return selectedContainers(ctx, service).flatMap(({ view, node }) => {
    const found = containerCommands(view, node).map(jupyterWithoutLogin).find((j) => j !== undefined);
    if (found === undefined) {
      return [];
    }
    const portNames = view.list(view.get(node, 'ports')).flatMap((p) => {
      const name = view.text(p, 'name');
      return name !== undefined && view.scalar(view.get(p, 'containerPort'))?.value === found.port ? [name] : [];
    });
    return [{ ...found, container: view.text(node, 'name'), portNames }];
  });
}

/** The one a Service port leads to: its targetPort (else its port) is Jupyter's port, or names the container port Jupyter listens on. */
export function jupyterBehind(view: KubeObject['view'], p: unknown, open: readonly OpenJupyter[]): OpenJupyter | undefined {
  const target = view.scalar(view.get(p, 'targetPort') ?? view.get(p, 'port'))?.value;
  return open.find((j) => target === j.port || (typeof target === 'string' && j.portNames.includes(target)));
}
