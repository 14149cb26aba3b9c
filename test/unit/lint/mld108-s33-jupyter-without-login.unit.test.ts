import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../src/core/lint/config';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { jupyterStart, jupyterWithoutLogin } from '../../../src/core/lint/jupyter-login';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const rules = dockerfileRules.filter((r) => r.meta.id === 'MLD108');
const messages = (lines: string[]): string[] => lintDockerfile([...lines, ''].join('\n'), { config: emptyConfig(), rules }).findings.map((f) => f.message);

describe('s33: MLD108 jupyter-without-login', () => {
  it('says what turns the login back on: a token given at run time, a password hash, or the loopback', () => {
    const [message, ...rest] = messages(['FROM python:3.11-slim', `CMD ["jupyter", "lab", "--ip=0.0.0.0", "--ServerApp.token=''"]`]);
    assert.equal(rest.length, 0);
    assert.match(message ?? '', /empty token \(--ServerApp\.token=''\) and no password, listening on every interface \(--ip=0\.0\.0\.0\) on port 8888/);
    assert.match(message ?? '', /drop --ServerApp\.token='' and give the token at run time \(docker run -e JUPYTER_TOKEN=…/);
    assert.match(message ?? '', /--PasswordIdentityProvider\.hashed_password/);
    assert.match(message ?? '', /--ip=127\.0\.0\.1/);
  });

  it("names Notebook 6's password option for a NotebookApp token", () => {
    const [message] = messages(['FROM python:3.11-slim', "CMD jupyter notebook --ip 0.0.0.0 --port=9999 --NotebookApp.token=''"]);
    assert.match(message ?? '', /port 9999/);
    assert.match(message ?? '', /set a password hash \(--NotebookApp\.password\)/);
  });

  it('judges the final stage only, through the stages it is built on', () => {
    const open = `CMD ["jupyter", "lab", "--ip=0.0.0.0", "--ServerApp.token="]`;
    assert.equal(messages(['FROM python:3.11-slim AS notebook', open, 'FROM python:3.11-slim', 'CMD ["python", "app.py"]']).length, 0);
    assert.equal(messages(['FROM python:3.11-slim AS notebook', open, 'FROM notebook', 'RUN pip install numpy==2.1.0']).length, 1);
  });

  it('takes neither an empty JUPYTER_TOKEN nor an empty password for the login switched off', () => {
    assert.deepEqual(messages(['FROM python:3.11-slim', 'ENV JUPYTER_TOKEN=', 'CMD ["jupyter", "lab", "--ip=0.0.0.0", "--ServerApp.password="]']), []);
  });

  it('stays silent when a RUN hashes a password for Jupyter', () => {
    const lines = ['FROM python:3.11-slim', `RUN python -c "from jupyter_server.auth import passwd; print(passwd('x'))" > /tmp/h`, 'CMD jupyter lab --ip=0.0.0.0 --ServerApp.token='];
    assert.deepEqual(messages(lines), []);
  });

  it('reads where the token option is and the address given (shared with MLK420)', () => {
    assert.deepEqual(jupyterWithoutLogin(['jupyter', 'lab', '--ServerApp.token', '', '--ip', '*']), { flag: "--ServerApp.token=''", at: 2, ip: '*', port: 8888 });
    assert.equal(jupyterWithoutLogin(['jupyter', 'lab', "--ServerApp.token=''"])?.ip, undefined);
  });

  it('knows the programs that start Jupyter, and that docker-stacks listens on every interface', () => {
    assert.deepEqual(jupyterStart(['/opt/conda/bin/jupyter-lab']), { listensEverywhere: false });
    assert.deepEqual(jupyterStart(['python3', '-m', 'notebook']), { listensEverywhere: false });
    assert.deepEqual(jupyterStart(['tini', '--', 'start-notebook.sh']), { listensEverywhere: true });
    assert.equal(jupyterStart(['python', 'serve.py', '--notebook']), undefined);
  });
});
