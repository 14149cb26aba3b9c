import type { Instruction } from '../../dockerfile/model';
import { isJupyterStackImage } from '../../dockerfile/jupyter-stacks';
import { baseRef, chainInstructions } from '../../dockerfile/semantic';
import { startCommands } from '../../dockerfile/start-commands';
import type { JupyterWithoutLogin } from '../../jupyter-login';
import { jupyterStart, jupyterWithoutLogin } from '../../jupyter-login';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

/** A Jupyter config file or folder (`jupyter_server_config.py`, `~/.jupyter/`). */
const configFileRe = /jupyter_\w*config\.(?:py|json)|\.jupyter\b/;

/**
 * The image gets a Jupyter config that may set a password: one copied in (its settings unseen here), or a RUN that
 * writes or hashes one (`jupyter server password`, `passwd(…)` into the config).
 */
function configuresLogin(chain: readonly Instruction[]): boolean {
  return chain.some((i) => {
    const text = i.args.text;
    return ((i.keyword === 'COPY' || i.keyword === 'ADD') && configFileRe.test(text)) || (i.keyword === 'RUN' && /jupyter|notebook/i.test(text) && /passw(?:or)?d/i.test(text));
  });
}

function message(open: JupyterWithoutLogin): string {
  const where = open.ip === undefined ? "on every interface (the docker-stacks image's config sets ServerApp.ip to all of them)" : `on every interface (--ip=${/^[\w.:]+$/.test(open.ip) ? open.ip : `'${open.ip}'`})`;
  const password = open.flag.startsWith('--NotebookApp.') ? '--NotebookApp.password' : '--PasswordIdentityProvider.hashed_password';
  return (
    `Jupyter starts with an empty token (${open.flag}) and no password, listening ${where} on port ${String(open.port)}, so anyone who reaches the container can run code in it; ` +
    `drop ${open.flag} and give the token at run time (docker run -e JUPYTER_TOKEN=…, not baked into the image), set a password hash (${password}), or listen on --ip=127.0.0.1 only.`
  );
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD108',
    name: 'jupyter-without-login',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'The image starts Jupyter with an empty token and no password, listening on every interface.',
  },
  check({ model }) {
    const final = model.finalStage;
    if (!final || final.nonPosixShell || configuresLogin(chainInstructions(final))) {
      return [];
    }
    const out: RuleFinding[] = [];
    const base = baseRef(final)?.ref;
    const stackBase = base !== undefined && isJupyterStackImage(base);
    for (const words of startCommands(final)) {
      const values = words.map((w) => w.value);
      const start = jupyterStart(values);
      const open = start ? jupyterWithoutLogin(values) : undefined;
      const word = open ? words[open.at] : undefined;
      if (start && open && word && (open.ip !== undefined || start.listensEverywhere || stackBase)) {
        out.push(finding(word.range, message(open)));
      }
    }
    return out;
  },
};
