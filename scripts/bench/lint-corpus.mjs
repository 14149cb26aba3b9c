// Deterministic lint-benchmark corpus: Dockerfiles, Kubernetes manifests and Compose files written
// into a directory. The same seed always gives the same bytes.

import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** mulberry32: small, fast, deterministic. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pickFrom = (r) => (xs) => xs[Math.floor(r() * xs.length)];

const bases = ['nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04', 'nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'python:3.11-slim', 'ubuntu:22.04', 'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime', 'nvcr.io/nvidia/pytorch:24.05-py3', 'debian:bookworm-slim', 'alpine:3.20'];
const osPkgs = ['curl', 'ca-certificates', 'git', 'build-essential', 'python3-pip', 'libgl1', 'ffmpeg', 'wget', 'vim', 'htop', 'openssh-client', 'libsndfile1'];
const pyPkgs = ['torch==2.3.1', 'transformers==4.41.2', 'accelerate', 'datasets>=2.19', 'numpy', 'scipy==1.13.1', 'flash-attn', 'vllm==0.5.0', 'xformers', 'wandb', 'fastapi==0.111.0', 'uvicorn', 'sentencepiece', 'peft==0.11.1'];

/** A Dockerfile of about `lines` lines: 1–3 stages of realistic ML instructions, a few mistakes included. */
export function dockerfile(r, lines) {
  const pick = pickFrom(r);
  const out = ['# syntax=docker/dockerfile:1', 'ARG CUDA=12.4.1'];
  const stages = lines > 60 ? 3 : lines > 25 ? 2 : 1;
  for (let s = 0; s < stages; s++) {
    out.push(`FROM ${pick(bases)}${s < stages - 1 ? ` AS stage${s}` : ''}`);
    const budget = Math.floor((lines - 2) / stages) - 1;
    const stageStart = out.length;
    while (out.length - stageStart < budget) {
      const k = Math.floor(r() * 12);
      if (k < 3) {
        const pkgs = Array.from({ length: 2 + Math.floor(r() * 6) }, () => pick(osPkgs));
        out.push('RUN apt-get update && \\', `    apt-get install -y${r() < 0.5 ? ' --no-install-recommends' : ''} \\`, ...pkgs.map((p) => `      ${p} \\`), '    && rm -rf /var/lib/apt/lists/*');
      } else if (k < 6) {
        const pkgs = Array.from({ length: 1 + Math.floor(r() * 5) }, () => pick(pyPkgs));
        out.push(`RUN ${r() < 0.5 ? '--mount=type=cache,target=/root/.cache/pip ' : ''}pip install${r() < 0.5 ? ' --no-cache-dir' : ''} ${pkgs.join(' ')}`);
      } else if (k < 7) {
        out.push(`ENV PYTHONUNBUFFERED=1 HF_HOME=/cache/hf TORCH_CUDA_ARCH_LIST="8.0;9.0"`);
      } else if (k < 8) {
        out.push(`COPY ${pick(['requirements.txt', 'src/', 'configs/', 'app.py', 'pyproject.toml'])} /app/`);
      } else if (k < 9) {
        out.push(`WORKDIR /app`, `# step ${out.length}`);
      } else if (k < 10) {
        out.push('RUN <<EOF', 'set -eux', 'python -c "import torch; print(torch.__version__)"', 'EOF');
      } else if (k < 11) {
        out.push(`LABEL org.opencontainers.image.source="https://example.com/repo" stage="${s}"`);
      } else {
        out.push(`RUN curl -fsSL https://example.com/tool-${out.length}.tar.gz | tar -xz -C /opt`);
      }
    }
  }
  out.push('USER 10001', 'EXPOSE 8000', 'CMD ["python", "-m", "app"]');
  return `${out.join('\n')}\n`;
}

/** One Kubernetes resource (~20–35 lines) as YAML text. */
export function resource(r, n) {
  const pick = pickFrom(r);
  const name = `svc-${n}`;
  const kind = pick(['Deployment', 'Deployment', 'Job', 'Service', 'StatefulSet']);
  if (kind === 'Service') {
    return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ml\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8000\n`;
  }
  const gpu = r() < 0.6;
  const podSpec = [
    '      containers:',
    `        - name: main`,
    `          image: ${pick(['vllm/vllm-openai:v0.5.0', 'nvcr.io/nvidia/pytorch:24.05-py3', 'ghcr.io/org/trainer:1.2.3', 'python:3.11-slim'])}`,
    `          args: ["--model", "meta-llama/Llama-3-8B", "--port", "8000"]`,
    '          ports:',
    '            - containerPort: 8000',
    '          resources:',
    '            requests:',
    `              cpu: "${1 + Math.floor(r() * 8)}"`,
    `              memory: ${8 + Math.floor(r() * 56)}Gi`,
    ...(gpu ? ['            limits:', `              nvidia.com/gpu: ${1 + Math.floor(r() * 8)}`, `              memory: 64Gi`] : []),
    '          securityContext:',
    '            runAsNonRoot: true',
    '            allowPrivilegeEscalation: false',
    ...(gpu ? ['      tolerations:', '        - key: nvidia.com/gpu', '          operator: Exists', '          effect: NoSchedule'] : []),
  ];
  const apiVersion = kind === 'Job' ? 'batch/v1' : 'apps/v1';
  const spec = kind === 'Job' ? ['  backoffLimit: 2', '  template:', '    spec:', '      restartPolicy: Never', ...podSpec] : ['  replicas: 2', '  selector:', '    matchLabels:', `      app: ${name}`, '  template:', '    metadata:', '      labels:', `        app: ${name}`, '    spec:', ...podSpec];
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ml\n  labels:\n    app: ${name}\nspec:\n${spec.join('\n')}\n`;
}

/** A multi-document manifest of at least `minLines` lines; returns its text and resource count. */
export function manifest(r, minLines, first = 0) {
  const docs = [];
  let lineCount = 0;
  while (lineCount < minLines) {
    const doc = resource(r, first + docs.length);
    docs.push(doc);
    lineCount += doc.split('\n').length;
  }
  return { text: docs.join('---\n'), resources: docs.length };
}

export function compose(r, n) {
  const pick = pickFrom(r);
  const services = Array.from({ length: 3 + Math.floor(r() * 6) }, (_, k) => {
    const gpu = r() < 0.5;
    return [
      `  svc${k}:`,
      `    image: ${pick(['vllm/vllm-openai:v0.5.0', 'redis:7', 'postgres:16', 'ghcr.io/org/api:1.0.0', 'nginx:latest'])}`,
      ...(r() < 0.3 ? [`    build:`, `      context: ./svc${k}`, `      dockerfile: Dockerfile`] : []),
      `    ports:`,
      `      - "${8000 + k}:${8000 + k}"`,
      `    environment:`,
      `      - LOG_LEVEL=info`,
      `    restart: unless-stopped`,
      ...(gpu ? ['    deploy:', '      resources:', '        reservations:', '          devices:', '            - driver: nvidia', '              count: 1', '              capabilities: [gpu]'] : []),
    ].join('\n');
  });
  return `name: app${n}\nservices:\n${services.join('\n')}\n`;
}

/**
 * Writes the corpus under `dir`: `dockerfiles/` (300: 100 of ~20 lines, 100 of ~80, 100 of 200),
 * `manifests/` (files totalling ≥ `resources` Kubernetes resources), `compose/` (100 compose files)
 * and `single/` (one 200-line Dockerfile, one 1,000-line manifest). Returns what it wrote.
 */
export function writeCorpus(dir, { seed = 1, resources = 10_000 } = {}) {
  const r = rng(seed);
  const df = path.join(dir, 'dockerfiles');
  const mf = path.join(dir, 'manifests');
  const cf = path.join(dir, 'compose');
  const single = path.join(dir, 'single');
  for (const d of [df, mf, cf, single]) {
    mkdirSync(d, { recursive: true });
  }
  const dockerfiles = [];
  for (let i = 0; i < 300; i++) {
    const lines = i < 100 ? 20 : i < 200 ? 80 : 200;
    const file = path.join(df, `app${String(i).padStart(3, '0')}.Dockerfile`);
    writeFileSync(file, dockerfile(r, lines));
    dockerfiles.push(file);
  }
  const manifests = [];
  let written = 0;
  for (let i = 0; written < resources; i++) {
    const m = manifest(r, 1_000, written);
    const file = path.join(mf, `m${String(i).padStart(3, '0')}.yaml`);
    writeFileSync(file, m.text);
    manifests.push(file);
    written += m.resources;
  }
  const composeFiles = [];
  for (let i = 0; i < 100; i++) {
    const file = path.join(cf, `s${String(i).padStart(3, '0')}`, 'compose.yaml');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, compose(r, i));
    composeFiles.push(file);
  }
  const dockerfile200 = path.join(single, 'Dockerfile');
  writeFileSync(dockerfile200, dockerfile(rng(seed + 1), 200));
  const manifest1000 = path.join(single, 'manifest.yaml');
  writeFileSync(manifest1000, manifest(rng(seed + 2), 1_000).text);
  return { dockerfiles, manifests, resources: written, composeFiles, dockerfile200, manifest1000, dirs: { df, mf, cf } };
}
