import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const findings = (id: string, lines: readonly string[]): Finding[] =>
  lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;

/** The text after the one finding's quick fix. */
const fixed = (id: string, lines: readonly string[]): string => {
  const found = findings(id, lines);
  assert.equal(found.length, 1);
  return applyTextEdits(`${lines.join('\n')}\n`, found[0]?.fix?.edits ?? []);
};

describe('s30 sweep: MLD306 when the manifest is copied on its own but installed after the source COPY', () => {
  const copiedFirst = ['FROM python:3.11-slim', 'WORKDIR /app', 'COPY requirements.txt ./', 'COPY . .', 'RUN pip install --no-cache-dir -r requirements.txt'];

  it('says the manifest is already copied and to move the install, and the fix moves only the RUN', () => {
    assert.match(findings('MLD306', copiedFirst)[0]?.message ?? '', /requirements\.txt is already copied on its own on line 3, so move this install above the COPY on line 4\./);
    assert.equal(fixed('MLD306', copiedFirst), 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n');
  });

  it('the fix still copies the manifest when the earlier COPY put it elsewhere', () => {
    const elsewhere = ['FROM python:3.11-slim', 'WORKDIR /app', 'COPY requirements.txt /tmp/', 'COPY . .', 'RUN pip install --no-cache-dir -r requirements.txt'];
    assert.equal(fixed('MLD306', elsewhere), 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt /tmp/\nCOPY requirements.txt requirements.txt\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n');
  });
});

describe('s30 sweep: MLD204 reads an RPM name-version-release as a pin', () => {
  const unpinned = (run: string): string => findings('MLD204', ['FROM opensuse/leap:15.6', run]).map((f) => f.message.split(' not version-pinned')[0]).join(' | ');

  it('zypper: the cuDNN edition is a pin, the CUDA version in a package name is not', () => {
    assert.equal(unpinned('RUN zypper install -y libcudnn9-cuda-13-9.16.0.29-1 cuda-cudart-12-4'), 'cuda-cudart-12-4 is');
    assert.equal(unpinned("RUN zypper install -y libcudnn9-cuda-13-9.16.0.29-1 'vim=9.1'"), '');
  });

  it('dnf and yum: an edition with a dotted version pins, a number in a name does not', () => {
    assert.equal(unpinned('RUN dnf install -y libnccl-2.18.3-1+cuda12.2 gcc-11.4.1 gcc-toolset-12 java-1.8.0-openjdk'), 'gcc-toolset-12 and java-1.8.0-openjdk are');
    assert.equal(unpinned('RUN yum install -y cuda-cudart-12-4 kernel-devel-5.14.0-362.el9'), 'cuda-cudart-12-4 is');
  });
});

describe('s30 sweep: MLD501 does not advise exec for a pipeline', () => {
  const message = (cmd: string): string => findings('MLD501', ['FROM python:3.11-slim', cmd])[0]?.message ?? '';

  it('a command fed by a pipe (daswer123/xtts-api-server) or piped into tee: run it alone, or under tini -g', () => {
    for (const cmd of ['CMD echo "y" | python3 -u -m xtts_api_server -hs 0.0.0.0 ${CLI_ARGS}', 'ENTRYPOINT python serve.py 2>&1 | tee /var/log/serve.log']) {
      const text = message(cmd);
      assert.doesNotMatch(text, /"exec …"/);
      assert.match(text, /ends in a pipeline, which keeps \/bin\/sh waiting .* even with exec: run the program alone in the JSON form/);
      assert.match(text, /ENTRYPOINT \["tini", "-g", "--"\]/);
    }
  });

  it('a pipe before the program (cat … | head && python …) still gets the exec advice', () => {
    assert.match(message('CMD python -u webui.py --listen ${CLI_ARGS}'), /\["sh", "-c", "exec …"\]/);
    assert.match(message('CMD cat /etc/motd | head -1 && python -u serve.py'), /\["sh", "-c", "exec …"\]/);
  });
});

describe('s30 sweep: MLD304 reports the pip installs of one RUN once', () => {
  const run = ['FROM python:3.11-slim', 'RUN pip install mlflow==2.16.0 \\', '    && pip install scipy \\', '    && pip install pandas==2.2.2'];

  it('one finding at the first install names the count, the variable and the mount', () => {
    const found = findings('MLD304', run);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.range.start.line, 2);
    assert.match(found[0]?.message ?? '', /in all 3 pip installs of this RUN; add --no-cache-dir to each, or set ENV PIP_NO_CACHE_DIR=1 once before this RUN, or use RUN --mount=type=cache,target=\/root\/\.cache\/pip\./);
  });

  it('its fix adds --no-cache-dir to every install', () => {
    assert.equal(fixed('MLD304', run), 'FROM python:3.11-slim\nRUN pip install --no-cache-dir mlflow==2.16.0 \\\n    && pip install --no-cache-dir scipy \\\n    && pip install --no-cache-dir pandas==2.2.2\n');
  });
});

describe('s30 sweep: MLD412 reports the toolkit packages of one install once', () => {
  it('conda cuda and cuda-toolkit together, and apt nvidia-cuda-toolkit with cuda', () => {
    const found = findings('MLD412', ['FROM continuumio/miniconda3:24.7.1-0', 'RUN conda install -y cuda=12.1.1 cuda-toolkit=12.1.1 && apt-get install -y nvidia-cuda-toolkit cuda=12.4.1-1']);
    assert.deepEqual(
      found.map((f) => f.message.split(' the full CUDA toolkit')[0]),
      ['cuda=12.1.1 and cuda-toolkit=12.1.1 install', 'nvidia-cuda-toolkit and cuda=12.4.1-1 install'],
    );
  });
});
