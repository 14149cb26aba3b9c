import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const findings = (text: string, ruleId: string) => lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === ruleId);
const messages = (text: string, ruleId = 'MLC410'): string[] => findings(text, ruleId).map((f) => f.message);
const service = (name: string, body: string): string => `services:\n  ${name}:\n${body}`;
const tail = '; bind it to 127.0.0.1 and use an SSH tunnel or an authenticating proxy.';

describe('s27: second sweep of ML servers without a login (MLC410, MLK420)', () => {
  describe('Fooocus, a Gradio app on 7865', () => {
    // lllyasviel/Fooocus docker-compose.yml; its image sets CMDARGS=--listen and launch.py GRADIO_SERVER_PORT=7865.
    const fooocus = service('app', '    image: ghcr.io/lllyasviel/fooocus:2.5.5\n    environment:\n      - CMDARGS=--listen\n    ports:\n      - 7865:7865\n');

    it('is named, with its auth.json as the way to a login', () => {
      assert.deepEqual(messages(fooocus), [
        `Service "app" publishes Fooocus on every interface, and Fooocus (a Gradio app) has no login unless an auth.json in its folder sets one, so anyone who reaches it can generate images on its GPUs${tail}`,
      ]);
      assert.deepEqual(messages(fooocus, 'MLC102'), []);
    });

    it('on the host network only while CMDARGS (or the image default) has it listen on every interface', () => {
      const host = (env: string): string => service('app', `    image: ghcr.io/lllyasviel/fooocus:2.5.5\n    network_mode: host\n${env}`);
      assert.equal(messages(host('')).length, 1, 'the image sets CMDARGS=--listen');
      assert.equal(messages(host('    environment:\n      CMDARGS: --listen 0.0.0.0 --preset realistic\n')).length, 1);
      assert.deepEqual(messages(host('    environment:\n      CMDARGS: --preset realistic\n')), []);
    });
  });

  describe('Khoj, whose --anonymous-mode turns its login off', () => {
    // khoj-ai/khoj docker-compose.yml: KHOJ_ADMIN_PASSWORD guards the admin panel only.
    const khoj = (command: string): string =>
      service('server', `    image: ghcr.io/khoj-ai/khoj:latest\n    environment:\n      - KHOJ_ADMIN_PASSWORD=password\n    command: ${command}\n    ports:\n      - "42110:42110"\n`);

    it('is reported in anonymous mode despite the admin password', () => {
      assert.match(messages(khoj('--host="0.0.0.0" --port=42110 -vv --anonymous-mode --non-interactive'))[0] ?? '', /^Service "server" publishes Khoj in anonymous mode on every interface, and --anonymous-mode turns Khoj's login off/);
    });

    it('not without --anonymous-mode, nor by a Kubernetes Service name alone', () => {
      assert.deepEqual(messages(khoj('--host="0.0.0.0" --port=42110 --non-interactive')), []);
      const lb = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: khoj\nspec:\n  type: LoadBalancer\n  ports:\n    - port: 42110\n';
      assert.deepEqual(lintManifest(lb, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLK420'), []);
    });
  });

  describe('Xinference, whose login (on by default from 3.0) XINFERENCE_AUTH_ADVANCED turns off', () => {
    // xorbitsai/inference xinference/deploy/docker/docker-compose.yml runs xinference-local --host 0.0.0.0.
    const xinference = (env: string): string => service('xinference', `    image: xprobe/xinference:latest\n${env}    command: xinference-local --host 0.0.0.0 --port 9997\n    ports:\n      - "9997:9997"\n`);

    it('only with its login turned off', () => {
      assert.deepEqual(messages(xinference('')), []);
      assert.deepEqual(messages(xinference('    environment:\n      XINFERENCE_AUTH_ADVANCED: "true"\n')), []);
      for (const off of ['"false"', '"0"', 'no']) {
        assert.match(messages(xinference(`    environment:\n      XINFERENCE_AUTH_ADVANCED: ${off}\n`))[0] ?? '', /publishes Xinference with authentication off on every interface/, off);
      }
    });
  });

  describe('Streamlit apps are named as Streamlit, not Gradio', () => {
    // AbdBarho/stable-diffusion-webui-docker: "sygil-sl" runs Sygil's Streamlit UI (USE_STREAMLIT=1), which its image moves to 7860.
    const sygil = (streamlit: string): string => service('sygil-sl', `    image: sd-sygil:16\n    build: ./services/sygil/\n    environment:\n      - USE_STREAMLIT=${streamlit}\n    ports:\n      - "7860:7860"\n`);

    it('names the UI by the mode Sygil runs in', () => {
      assert.match(messages(sygil('1'))[0] ?? '', /^Service "sygil-sl" publishes a Streamlit web UI on every interface, and Streamlit apps have no login unless their code adds one/);
      assert.match(messages(sygil('0'))[0] ?? '', /publishes a Gradio web UI/);
    });

    it('takes `streamlit run` and its own variables as the sign, and its address variable for loopback', () => {
      const app = (env: string): string => service('admin', `    image: tabbyml/tabby\n    command: streamlit run Home.py\n${env}    ports:\n      - "8501:8501"\n`);
      assert.equal(messages(app('')).length, 1);
      assert.deepEqual(messages(app('    environment:\n      STREAMLIT_SERVER_ADDRESS: 127.0.0.1\n')), []);
      assert.deepEqual(messages(service('web', '    image: acme/web:1.0\n    ports:\n      - "8501:8501"\n')), [], 'port 8501 alone');
    });
  });
});
