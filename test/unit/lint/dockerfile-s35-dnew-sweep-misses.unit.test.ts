import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const findings = (id: string, lines: readonly string[]): Finding[] =>
  lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;

const messages = (id: string, lines: readonly string[]): string[] => findings(id, lines).map((f) => f.message);

/** The text after the one finding's quick fix. */
const fixed = (id: string, lines: readonly string[]): string => {
  const found = findings(id, lines);
  assert.equal(found.length, 1);
  return applyTextEdits(`${lines.join('\n')}\n`, found[0]?.fix?.edits ?? []);
};

describe('s35 sweep: MLD501 on a JSON-form shell script whose program the shell cannot exec', () => {
  const cosyVoice = [
    'FROM pytorch/pytorch:2.0.1-cuda11.7-cudnn8-runtime',
    'CMD ["/bin/bash", "-c", "cd /opt/CosyVoice/runtime/python && . ./path.sh && python3 server.py --port 50000 && sleep infinity"]',
  ];

  it('a server followed by sleep infinity (FunAudioLLM/CosyVoice): bash stays PID 1; the advice execs the server as the last command', () => {
    const [message, ...rest] = messages('MLD501', cosyVoice);
    assert.equal(rest.length, 0);
    assert.match(message ?? '', /^CMD hands \/bin\/bash a script that runs "sleep infinity" after "python3 server\.py --port 50000", so bash stays the container's process \(PID 1\), and PID 1 ignores SIGTERM/);
    assert.match(message ?? '', /python3 \(and anything it starts\) never gets the signal/);
    assert.match(message ?? '', /started with exec: CMD \["\/bin\/bash", "-c", "cd \/opt\/CosyVoice\/runtime\/python && \. \.\/path\.sh && exec python3 server\.py --port 50000"\]\.$/);
  });

  it('no quick fix: dropping the keep-alive changes when the container stops', () => {
    assert.equal(findings('MLD501', cosyVoice)[0]?.fix, undefined);
  });

  it('a server in the background before wait, or before a fallback echo: the advice names it, with no rewritten script', () => {
    for (const script of ['python serve.py & wait', 'python serve.py || echo failed']) {
      const message = messages('MLD501', ['FROM python:3.12-slim', `CMD ["sh", "-c", "${script}"]`])[0] ?? '';
      assert.match(message, /after "python serve\.py", so sh stays the container's process \(PID 1\)/);
      assert.match(message, /run python in the foreground as the script's last command, started with exec\.$/);
    }
  });

  it('a script that ends in a pipeline: run the program alone, or under an init that signals the group', () => {
    const message = messages('MLD501', ['FROM python:3.12-slim', 'ENTRYPOINT ["bash", "-c", "python serve.py 2>&1 | tee /var/log/serve.log"]'])[0] ?? '';
    assert.match(message, /^ENTRYPOINT hands bash a script that ends in a pipeline \("python serve\.py 2>&1 \| tee \/var\/log\/serve\.log"\)/);
    assert.match(message, /ENTRYPOINT \["tini", "-g", "--"\]/);
  });

  it('silent where bash execs the program itself (PaddleOCR hubserving: the server is the last command of the list)', () => {
    assert.deepEqual(messages('MLD501', ['FROM python:3.12-slim', 'CMD ["/bin/bash", "-c", "hub install deploy/hubserving/ocr_system/ && hub serving start -m ocr_system"]']), []);
    assert.deepEqual(messages('MLD501', ['FROM python:3.12-slim', 'CMD ["bash", "-c", "exec python serve.py"]']), []);
  });

  it('silent for a CMD that an ENTRYPOINT runs, and for an idle or daemon-only container', () => {
    assert.deepEqual(messages('MLD501', ['FROM python:3.12-slim', 'ENTRYPOINT ["/entrypoint.sh"]', 'CMD ["bash", "-c", "python serve.py && sleep infinity"]']), []);
    assert.deepEqual(messages('MLD501', ['FROM python:3.12-slim', 'CMD ["bash", "-c", "service ssh start && sleep infinity"]']), []);
    assert.deepEqual(messages('MLD501', ['FROM python:3.12-slim', 'CMD ["bash", "-c", "pip install -r requirements.txt && sleep infinity"]']), []);
  });
});

describe('s35 sweep: MLD419 python-env-flag-off-value', () => {
  const rule = dockerfileRules.find((r) => r.meta.id === 'MLD419');

  it('is a fixable warning in the ML family, beside MLD415', () => {
    assert.equal(rule?.meta.name, 'python-env-flag-off-value');
    assert.equal(rule?.meta.severity, 'warning');
    assert.equal(rule?.meta.family, 'ml');
    assert.equal(rule?.meta.fixable, true);
  });

  it('PYTHONUNBUFFERED=false: Python reads text as 1, so it turns -u on; remove the variable', () => {
    assert.deepEqual(messages('MLD419', ['FROM python:3.12-slim', 'ENV PYTHONUNBUFFERED=false']), [
      "ENV PYTHONUNBUFFERED=false does not turn it off: Python reads any value that is not a number as 1 (only an empty value or 0 is off), so this turns on -u (unbuffered stdout and stderr); remove the variable to keep Python's default.",
    ]);
  });

  it('PYTHONFAULTHANDLER=0: on for any non-empty value', () => {
    assert.match(messages('MLD419', ['FROM python:3.12-slim', 'ENV PYTHONFAULTHANDLER=0'])[0] ?? '', /Python turns it on for any non-empty value, 0 included, so this turns on the fault handler/);
  });

  it('silent for PYTHONUNBUFFERED=0 (zenml), which Python reads as the number 0, and for 1 or an empty value', () => {
    for (const value of ['0', '1', '""']) {
      assert.deepEqual(messages('MLD419', ['FROM python:3.12-slim', `ENV PYTHONUNBUFFERED=${value}`]), [], value);
    }
  });

  it('the fix deletes an ENV that sets nothing else, and only the pair from one that does', () => {
    assert.equal(fixed('MLD419', ['FROM python:3.12-slim', 'ENV PYTHONDONTWRITEBYTECODE=no', 'CMD ["python3", "app.py"]']), 'FROM python:3.12-slim\nCMD ["python3", "app.py"]\n');
    assert.equal(fixed('MLD419', ['FROM python:3.12-slim', 'ENV LANG=C.UTF-8 \\', '    PYTHONDONTWRITEBYTECODE=off \\', '    PIP_NO_CACHE_DIR=1']), 'FROM python:3.12-slim\nENV LANG=C.UTF-8 \\\n    PIP_NO_CACHE_DIR=1\n');
    assert.equal(fixed('MLD419', ['FROM python:3.12-slim', 'ENV PYTHONUNBUFFERED=false LANG=C.UTF-8']), 'FROM python:3.12-slim\nENV LANG=C.UTF-8\n');
  });
});

describe('s35 sweep: MLD405 counts a package that pulls PyPI torch as a torch install', () => {
  const gpustack = ['FROM nvidia/cuda:12.5.1-runtime-ubuntu22.04', 'RUN pip3 install /tmp/*_x86_64.whl vllm'];

  it('vllm on a CUDA runtime image (gpustack): names vllm, the torch it pulls and the base', () => {
    const found = findings('MLD405', gpustack);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.range.start.column, 36);
    assert.match(found[0]?.message ?? '', /^vllm requires torch, so this install pulls PyPI's torch, whose wheels bring their own CUDA libraries \(nvidia-\* wheels\), and CUDA ships twice on top of the runtime image nvidia\/cuda:12\.5\.1-runtime-ubuntu22\.04; use an nvidia\/cuda "-base" tag/);
  });

  it('a torch install of the file decides instead: its own finding, none for the package that requires it', () => {
    const found = findings('MLD405', [...gpustack, 'RUN pip3 install torch==2.4.0']);
    assert.deepEqual(
      found.map((f) => f.message.slice(0, 30)),
      ["torch's pip wheels bring their"],
    );
  });

  it('only a package of that name: a word that merely mentions one is no install of it', () => {
    assert.deepEqual(findings('MLD405', ['FROM nvidia/cuda:12.5.1-runtime-ubuntu22.04', 'RUN pip3 install vllm-client sglang sglang[all_cpu]']), []);
  });
});
