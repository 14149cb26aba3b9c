import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A notebook Deployment (its container's lines as given) and a LoadBalancer Service in front of it. */
const notebook = (container: string, port = '{port: 80, targetPort: 8888}') =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: nb}',
    'spec:',
    '  selector: {matchLabels: {app: nb}}',
    '  template:',
    '    metadata: {labels: {app: nb}}',
    '    spec:',
    '      containers:',
    '        - name: lab',
    '          image: jupyter/base-notebook:2023-10-20',
    container,
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: nb}',
    'spec:',
    '  type: LoadBalancer',
    '  selector: {app: nb}',
    '  ports:',
    `    - ${port}`,
    '',
  ].join('\n');

const messages = (text: string): string[] => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK420').map((f) => f.message);

const generic =
  'This LoadBalancer Service exposes port 8888, the default port of Jupyter, outside the cluster, and such UIs often have no authentication or allow code execution; use ClusterIP with a port-forward, or restrict loadBalancerSourceRanges (suppress this if the port serves something else).';

const open = (flag: string, port = 8888) =>
  `This LoadBalancer Service exposes Jupyter (port ${port}) outside the cluster, and container "lab" starts it with an empty token (${flag}) and no password, so anyone who reaches it can run code in the container; drop ${flag} so that Jupyter asks for a token (or set a password), and use ClusterIP with a port-forward or restrict loadBalancerSourceRanges.`;

describe('MLK420 names Jupyter started with an empty token and no password (jupyter_server: an empty token "disables authentication altogether")', () => {
  it("reads an sh -c script's quoted empty values (NVIDIA/deepops' tensorflow-notebook: --NotebookApp.token='' --NotebookApp.password='')", () => {
    const text = notebook(`          command: ["/bin/sh", "-c"]\n          args: ["jupyter lab --ip=0.0.0.0 --NotebookApp.token='' --NotebookApp.password=''"]`);
    assert.deepEqual(messages(text), [open("--NotebookApp.token=''")]);
  });

  it("reads `--Flag ''` with a space in a script, where the shell passes an empty word", () => {
    const text = notebook(`          command: [bash, -lc, "jupyter lab --ServerApp.token '' --ServerApp.password '' --port 8888"]`);
    assert.deepEqual(messages(text), [open("--ServerApp.token=''")]);
  });

  it('reads exec-form items: an empty item after the flag, `--IdentityProvider.token=`, and quotes traitlets takes off', () => {
    assert.deepEqual(messages(notebook('          args: ["jupyter", "server", "--ServerApp.token", ""]')), [open("--ServerApp.token=''")]);
    assert.deepEqual(messages(notebook('          args: ["jupyter", "lab", "--IdentityProvider.token="]')), [open("--IdentityProvider.token=''")]);
    assert.deepEqual(messages(notebook(`          args: ["start-notebook.py", "--ServerApp.token=''"]`)), [open("--ServerApp.token=''")]);
  });

  it("follows Jupyter's own port and a targetPort that names it", () => {
    const container = `          args: ["jupyter", "lab", "--ServerApp.token=", "--ServerApp.port=9999"]\n          ports: [{name: lab, containerPort: 9999}]`;
    assert.deepEqual(messages(notebook(container, '{name: notebook, port: 80, targetPort: lab}')), [open("--ServerApp.token=''", 9999)]);
    assert.deepEqual(messages(notebook(container, '{name: http, port: 80, targetPort: 9999}')), [open("--ServerApp.token=''", 9999)]);
  });

  it('stays generic where Jupyter keeps a login or is not what the port reaches', () => {
    for (const container of [
      '          args: ["jupyter", "lab"]',
      '          args: ["jupyter", "lab", "--ServerApp.token=s3cr3t"]',
      '          args: ["jupyter", "lab", "--ServerApp.token=", "--ServerApp.password=argon2:$argon2id$v=19$m=10240,t=10,p=8$abc"]',
      '          args: ["jupyter", "lab", "--ServerApp.token=", "--PasswordIdentityProvider.hashed_password=sha1:abc:def"]',
      // jupyter_server reads JUPYTER_TOKEN only when it is non-empty, and generates a token otherwise.
      '          args: ["jupyter", "lab"]\n          env: [{name: JUPYTER_TOKEN, value: ""}]',
      '          args: ["jupyter", "lab", "--ServerApp.token=", "--ip=127.0.0.1"]',
      '          args: ["jupyter", "lab", "--ServerApp.token=", "--port=9999"]',
      // A flag with no value at all: traitlets refuses the command line, it does not empty the token.
      '          args: ["jupyter", "lab", "--ServerApp.token"]',
    ]) {
      assert.deepEqual(messages(notebook(container)), [generic], container);
    }
  });
});
