import * as assert from 'node:assert/strict';
import { buildDoctorReport, type DoctorReport } from '../../../../src/core/doctor/report';
import { toDoctorJson } from '../../../../src/core/doctor/render-json';
import { renderDoctorMarkdown, renderDoctorText } from '../../../../src/core/doctor/render-markdown';
import { loadFacts } from '../../support/fixtures';

const report = (name: string): DoctorReport => buildDoctorReport(loadFacts(name));

describe('core/doctor/report', () => {
  describe('buildDoctorReport', () => {
    it('runs every applicable check in a fixed order and counts statuses (healthy GPU workstation)', () => {
      const r = report('healthy-gpu-workstation');
      assert.deepEqual(
        r.findings.map((f) => `${f.id}:${f.status}`),
        [
          'docker.config:ok',
          'docker.endpoint:info',
          'docker.reachable:ok',
          'gpu.runtime:ok',
          'kubernetes.kubeconfig:ok',
          'kubernetes.context:ok',
          'kubernetes.exec-plugins:ok',
          'kubernetes.cluster:ok',
          'workspace.trust:ok',
        ],
      );
      assert.deepEqual(r.counts, { ok: 8, info: 1, warning: 0, error: 0 });
    });

    it('drops the checks that do not apply (locked-out laptop)', () => {
      const r = report('locked-out-laptop');
      assert.deepEqual(
        r.findings.map((f) => `${f.id}:${f.status}`),
        ['docker.config:warning', 'docker.endpoint:info', 'docker.reachable:error', 'gpu.runtime:info', 'kubernetes.kubeconfig:error', 'workspace.trust:warning'],
      );
      assert.deepEqual(r.counts, { ok: 0, info: 2, warning: 2, error: 2 });
    });

    it('counts a CPU build box run from the CLI', () => {
      assert.deepEqual(report('cpu-build-box-cli').counts, { ok: 2, info: 3, warning: 1, error: 0 });
    });

    it('counts a machine without a Docker endpoint and with missing credential plugins', () => {
      const r = report('eks-missing-plugins');
      assert.deepEqual(r.counts, { ok: 4, info: 1, warning: 0, error: 4 });
      assert.equal(r.findings.length, 9);
    });

    it('keeps the facts it judged', () => {
      const facts = loadFacts('cpu-build-box-cli');
      assert.equal(buildDoctorReport(facts).facts, facts);
    });
  });

  describe('toDoctorJson', () => {
    it('has the schemaVersion 1 shape with nulls for what is unknown (locked-out laptop)', () => {
      const r = report('locked-out-laptop');
      const json = toDoctorJson(r);
      assert.deepEqual(Object.keys(json), ['schemaVersion', 'gatheredAt', 'platform', 'summary', 'findings', 'docker', 'kubernetes', 'workspace']);
      assert.equal(json.schemaVersion, 1);
      assert.equal(json.gatheredAt, '2026-11-28T15:30:00.000Z');
      assert.equal(json.platform, 'linux/x64');
      assert.deepEqual(json.summary, { ok: 0, info: 2, warning: 2, error: 2 });
      assert.equal(json.findings, r.findings);
      assert.deepEqual(json.docker, {
        endpoint: { host: 'unix:///var/run/docker.sock', source: 'default', context: null },
        reachable: false,
        failure: 'permission-denied',
        serverVersion: null,
        apiVersion: null,
        runtimes: [],
        defaultRuntime: null,
        nvidiaRuntime: false,
        configProblems: ["/home/bob/.docker/config.json: not valid JSON (Expected property name or '}' in JSON at position 2)"],
      });
      assert.deepEqual(json.kubernetes, {
        source: 'KUBECONFIG',
        files: [
          { path: '/home/bob/.kube/config', exists: true, problem: 'invalid YAML at line 7: Nested mappings are not allowed in compact mappings' },
          { path: '/home/bob/.kube/eks.yaml', exists: false, problem: null },
        ],
        contexts: [],
        currentContext: null,
        reachable: null,
        failure: null,
        serverVersion: null,
        missingExecPlugins: [],
      });
      assert.deepEqual(json.workspace, { trusted: false });
    });

    it('reports versions, runtimes and nvidiaRuntime true for a GPU host', () => {
      const json = toDoctorJson(report('healthy-gpu-workstation'));
      assert.deepEqual(json.docker, {
        endpoint: { host: 'unix:///var/run/docker.sock', source: 'default', context: null },
        reachable: true,
        failure: null,
        serverVersion: '27.3.1',
        apiVersion: '1.47',
        runtimes: ['io.containerd.runc.v2', 'nvidia', 'runc'],
        defaultRuntime: 'nvidia',
        nvidiaRuntime: true,
        configProblems: [],
      });
      assert.deepEqual(json.kubernetes.contexts, ['gke_ml-prod_europe-west4_train', 'kind-dev']);
      assert.equal(json.kubernetes.currentContext, 'kind-dev');
      assert.equal(json.kubernetes.reachable, true);
      assert.equal(json.kubernetes.serverVersion, 'v1.34.4');
      assert.equal(json.kubernetes.failure, null);
      assert.deepEqual(json.kubernetes.missingExecPlugins, []);
      assert.deepEqual(json.workspace, { trusted: true });
    });

    it('reports nvidiaRuntime false on a CPU host and trusted null outside VS Code', () => {
      const json = toDoctorJson(report('cpu-build-box-cli'));
      assert.equal(json.docker.reachable, true);
      assert.equal(json.docker.nvidiaRuntime, false);
      assert.equal(json.docker.endpoint?.source, 'DOCKER_HOST');
      assert.deepEqual(json.kubernetes.files, [{ path: '/Users/cy/.kube/config', exists: false, problem: null }]);
      assert.deepEqual(json.workspace, { trusted: null });
    });

    it('lists missing exec plugins, the cluster failure and a null endpoint', () => {
      const json = toDoctorJson(report('eks-missing-plugins'));
      assert.equal(json.docker.endpoint, null);
      assert.equal(json.docker.reachable, false);
      assert.equal(json.docker.failure, null);
      assert.deepEqual(json.kubernetes.missingExecPlugins, ['aws', 'kubelogin']);
      assert.equal(json.kubernetes.reachable, false);
      assert.equal(json.kubernetes.failure, 'exec-plugin');
      assert.equal(json.kubernetes.serverVersion, null);
    });

    it('names the docker context when the endpoint came from one', () => {
      const facts = loadFacts('healthy-gpu-workstation');
      facts.docker.endpoint = { host: 'unix:///Users/cy/.colima/default/docker.sock', source: 'docker-config', contextName: 'colima' };
      assert.deepEqual(toDoctorJson(buildDoctorReport(facts)).docker.endpoint, {
        host: 'unix:///Users/cy/.colima/default/docker.sock',
        source: 'docker-config',
        context: 'colima',
      });
    });

    it('survives a JSON round trip unchanged (no undefined values)', () => {
      for (const name of ['healthy-gpu-workstation', 'locked-out-laptop', 'cpu-build-box-cli', 'eks-missing-plugins']) {
        const json = toDoctorJson(report(name));
        assert.deepEqual(JSON.parse(JSON.stringify(json)), json, name);
      }
    });
  });

  describe('renderDoctorMarkdown', () => {
    it('heads a healthy machine with ✅: info findings do not lower the headline', () => {
      const md = renderDoctorMarkdown(report('healthy-gpu-workstation'));
      assert.match(md.split('\n')[2] ?? '', /^✅ \*\*0 errors, 0 warnings\*\*/);
    });

    it('has the heading, the summary line, a section per area in order, details and fixes', () => {
      const md = renderDoctorMarkdown(report('locked-out-laptop'));
      const lines = md.split('\n');
      assert.equal(lines[0], '# ML Containers: Check Environment');
      assert.equal(lines[2], '❌ **2 errors, 2 warnings**, 0 ok, 2 info — checked 2026-11-28T15:30:00.000Z on linux/x64.');
      const sections = lines.filter((l) => l.startsWith('## '));
      assert.deepEqual(sections, ['## Docker', '## GPU', '## Kubernetes', '## Workspace']);
      assert.ok(lines.includes('### ❌ Docker Engine'));
      assert.ok(lines.includes('### ⚠️ Docker CLI configuration'));
      assert.ok(lines.includes('### ℹ️ GPU support in Docker'));
      assert.ok(lines.includes('- `/var/run/docker.sock has mode 660 and group docker.`'));
      const fixes = lines.filter((l) => l.startsWith('**Fix:** '));
      assert.equal(fixes.length, 4);
      assert.ok(fixes.some((l) => l.includes('sudo usermod -aG docker $USER')));
      assert.ok(fixes.some((l) => l.includes('Manage Workspace Trust')));
    });

    it('puts each finding under its own area', () => {
      const md = renderDoctorMarkdown(report('healthy-gpu-workstation'));
      const at = (s: string) => md.indexOf(s);
      assert.ok(at('## Docker') < at('### ✅ Docker Engine'));
      assert.ok(at('### ✅ Docker Engine') < at('## GPU'));
      assert.ok(at('## GPU') < at('### ✅ GPU support in Docker'));
      assert.ok(at('## Kubernetes') < at('### ✅ Cluster'));
      assert.ok(at('## Workspace') < at('### ✅ Workspace trust'));
      assert.match(md, /\*\*0 errors, 0 warnings\*\*, 8 ok, 1 info/);
      assert.doesNotMatch(md, /\*\*Fix:\*\*/);
    });

    it('uses singular nouns and a warning icon when the worst is a warning', () => {
      const md = renderDoctorMarkdown(report('cpu-build-box-cli'));
      assert.match(md.split('\n')[2] ?? '', /^⚠️ \*\*0 errors, 1 warning\*\*, 2 ok, 3 info — checked 2026-11-28T16:45:10\.250Z on darwin\/arm64\.$/);
    });

    it('leaves out areas without findings and keeps backticks from breaking details', () => {
      const facts = loadFacts('cpu-build-box-cli');
      const custom: DoctorReport = {
        facts,
        findings: [{ id: 'docker.x', area: 'docker', status: 'error', title: 'X', summary: 'S', details: ['run `docker ps`'] }],
        counts: { ok: 0, info: 0, warning: 0, error: 1 },
      };
      const md = renderDoctorMarkdown(custom);
      assert.deepEqual(
        md.split('\n').filter((l) => l.startsWith('## ')),
        ['## Docker'],
      );
      assert.match(md, /\*\*1 error, 0 warnings\*\*/);
      assert.ok(md.includes("- `run 'docker ps'`"));
    });
  });

  describe('renderDoctorText', () => {
    it('ends with the counts line', () => {
      const text = renderDoctorText(report('locked-out-laptop'));
      const lines = text.split('\n');
      assert.equal(lines.at(-1), '2 error(s), 2 warning(s), 0 ok, 2 info');
      assert.equal(lines.at(-2), '');
    });

    it('prints one tagged line per finding, with indented details and fixes', () => {
      const text = renderDoctorText(report('locked-out-laptop'));
      const lines = text.split('\n');
      assert.equal(lines[0], 'warning  Docker CLI configuration: The docker CLI configuration has a problem; the endpoint was resolved without the unreadable parts.');
      assert.ok(lines.includes('error    Docker Engine: The Docker socket exists but this user may not open it (permission denied).'));
      assert.ok(lines.includes('           EACCES: connect EACCES /var/run/docker.sock'));
      assert.ok(lines.some((l) => l.startsWith('           fix: Add your user to the "docker" group (`sudo usermod -aG docker $USER`)')));
      assert.ok(lines.includes('info     GPU support in Docker: Unknown: the Docker Engine could not be asked which runtimes it has.'));
    });

    it('counts a healthy machine', () => {
      const text = renderDoctorText(report('healthy-gpu-workstation'));
      assert.equal(text.split('\n').at(-1), '0 error(s), 0 warning(s), 8 ok, 1 info');
      assert.ok(text.startsWith('ok       Docker CLI configuration: Read /home/ada/.docker/config.json without problems.'));
    });
  });
});
