import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function lint(id: string, text: string, path?: string) {
  return lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id), ...(path !== undefined ? { path } : {}) }).findings;
}

describe('Dockerfile rules on real ML images (round 4)', () => {
  it('MLD306 names the manifest by its build-context path when COPY . . lands in the WORKDIR', () => {
    // AI-Hypercomputer/maxtext: WORKDIR /deps, COPY . ., then pip install -r /deps/<file>; the context path has no /deps.
    const text = 'FROM python:3.12-slim\nWORKDIR /deps\nCOPY . .\nRUN pip install --no-cache-dir -r /deps/requirements.txt\n';
    const findings = lint('MLD306', text);
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /; COPY requirements\.txt \/deps\/requirements\.txt first, install, then COPY the rest\.$/);
    // A nested relative WORKDIR and a relative destination resolve the same way.
    const nested = lint('MLD306', 'FROM python:3.12-slim\nWORKDIR /srv\nWORKDIR app\nCOPY . ./code/\nRUN pip install --no-cache-dir -r /srv/app/code/reqs/base.txt\n');
    assert.match(nested[0]?.message ?? '', /; COPY reqs\/base\.txt \/srv\/app\/code\/reqs\/base\.txt first/);
    // With the WORKDIR unknown (none set, or a variable) the manifest is named as written.
    const unknown = lint('MLD306', 'FROM python:3.12-slim\nARG APP=/app\nWORKDIR $APP\nCOPY . .\nRUN pip install --no-cache-dir -r /app/requirements.txt\n');
    assert.match(unknown[0]?.message ?? '', /; COPY \/app\/requirements\.txt first/);
  });

  it('MLD104 leaves Dockerfiles under .devcontainer alone: devcontainer.json picks the user', () => {
    // 0102-yang/AI-For-Beginners and Rotem-Third-Project's .devcontainer/Dockerfile set no USER; VS Code runs as remoteUser.
    const text = 'FROM mcr.microsoft.com/vscode/devcontainers/miniconda:0-3\nRUN conda env create -f /tmp/environment.yml\n';
    for (const path of ['.devcontainer/Dockerfile', 'ml/.devcontainer/gpu/Dockerfile']) {
      assert.equal(lint('MLD104', text, path).length, 0, path);
    }
    // The same file elsewhere, or a folder whose name only contains the word, is still reported.
    for (const path of ['Dockerfile', 'docker/devcontainer/Dockerfile', 'my.devcontainer/Dockerfile']) {
      assert.equal(lint('MLD104', text, path).length, 1, path);
    }
    assert.equal(lint('MLD104', text).length, 1);
  });

  it('MLD001 says a backtick-continued PowerShell RUN needs the escape directive, once per RUN', () => {
    // dknapp17/audio_ml: a servercore image continues `RUN powershell -Command` with backticks but sets no # escape=`.
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Invoke-WebRequest -Uri https://example.com/p.exe; `\n    Remove-Item p.exe\nCMD ["python"]\n';
    const findings = lint('MLD001', text);
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, f.message]),
      [[3, '"Invoke-WebRequest" starts a new instruction: line 2 ends with a backtick, which continues a line only after a "# escape=`" directive; add # escape=` as the first line of the file.']],
    );
    // A typo after a backtick in a file that sets the directive is still just a typo.
    assert.match(lint('MLD001', '# escape=`\nFROM ubuntu:22.04\nRUN echo hi `\n  && echo there\nCPY a b\n')[0]?.message ?? '', /^Unknown instruction "CPY"; did you mean COPY\?$/);
  });

  it('MLD304 explains that pip config set global.cache-dir false does not disable the cache', () => {
    // Lightning-AI/pytorch-lightning's base-cuda image: pip reads "false" as a relative folder and caches in ./false.
    const text = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN pip config set global.cache-dir false\nRUN pip install deepspeed==0.14.0\n';
    const findings = lint('MLD304', text);
    assert.equal(findings.length, 1);
    assert.equal(
      findings[0]?.message,
      'pip keeps its download cache in this layer: the earlier pip config set global.cache-dir false names a folder (./false in the working directory), it does not turn the cache off; add --no-cache-dir, or write pip config set global.no-cache-dir true instead.',
    );
    // PIP_CACHE_DIR beats the configuration file, and a real folder keeps the cache-mount advice.
    const env = lint('MLD304', 'FROM python:3.12\nRUN pip config set global.cache-dir false\nENV PIP_CACHE_DIR=/cache/pip\nRUN pip install torch==2.4.0\n');
    assert.match(env[0]?.message ?? '', /, or use RUN --mount=type=cache,target=\/cache\/pip\.$/);
    const folder = lint('MLD304', 'FROM python:3.12\nRUN pip config set global.cache-dir /data/pip\nRUN pip install torch==2.4.0\n');
    assert.match(folder[0]?.message ?? '', /, or use RUN --mount=type=cache,target=\/data\/pip\.$/);
  });

  it('MLD405 says where an old torch wheel keeps its CUDA libraries', () => {
    // facebookresearch/detectron2: torch==1.10 (cu111) bundles CUDA inside the wheel; nvidia-* wheels came with 1.13.
    const old = lint('MLD405', 'FROM nvidia/cuda:11.1.1-cudnn8-runtime-ubuntu18.04\nRUN pip install --no-cache-dir torch==1.10\n');
    assert.match(old[0]?.message ?? '', /^torch's pip wheels bring their own CUDA libraries \(inside the torch wheel itself\), so CUDA ships twice/);
    for (const spec of ['torch==2.3.0', 'torch==1.13.1', 'torch']) {
      const found = lint('MLD405', `FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04\nRUN pip install --no-cache-dir ${spec}\n`);
      assert.match(found[0]?.message ?? '', /\(nvidia-\* wheels\)/, spec);
    }
  });
});
