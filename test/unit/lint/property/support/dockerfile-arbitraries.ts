import * as fc from 'fast-check';

/**
 * Realistic Dockerfiles for property tests. A file is built as a list of instructions, each a list of
 * physical lines; rendering joins continuation lines with the file's escape character and line ending.
 */
export interface GeneratedDockerfile {
  text: string;
  escape: '\\' | '`';
  eol: '\n' | '\r\n';
}

type Lines = string[];

const oneLine = (...lines: string[]): fc.Arbitrary<Lines> => fc.constantFrom(...lines).map((l) => [l]);

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const ident = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);
const upperIdent = fc.constantFrom('CUDA', 'PYTHON_VERSION', 'BASE', 'HF_TOKEN', 'WANDB_API_KEY', 'TOKENIZERS_PARALLELISM', 'MAX_TOKENS', 'APP_HOME', 'PATH', 'TARGETPLATFORM', 'UNDEFINED_X', 'PAHT');
const word = fc.oneof(ident, fc.constantFrom('.', '/app', 'src/', 'requirements.txt', '"quoted arg"', "'single'", '$HOME', '${APP_HOME:-/app}', '${X?err}', '*.py', '-', '--'));

const repo = fc.constantFrom(
  'ubuntu', 'debian', 'alpine', 'python', 'nvidia/cuda', 'pytorch/pytorch', 'nvcr.io/nvidia/pytorch', 'vllm/vllm-openai',
  'registry.example:5000/team/img', 'ghcr.io/org/trainer', 'scratch', 'UPPER/Case', '$BASE', '${BASE_IMAGE}', 'build', 'context', '',
);
const tag = fc.constantFrom('', ':latest', ':22.04', ':3.11-slim', ':12.4.1-cudnn-devel-ubuntu22.04', ':2.3.0-cuda12.1-cudnn8-runtime', ':${CUDA}-devel', ':bad tag', ':nightly', `:${'x'.repeat(130)}`);
const cudaTag = fc.constantFrom(':12.4.1-runtime-ubuntu22.04', ':12.1.0-devel-ubuntu22.04', ':11.8.0-cudnn8-devel-ubuntu20.04', ':10.2-base', ':12.4.1-base-ubuntu22.04');
const digest = fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: hex64, weight: 1 });
const image = fc.tuple(repo, fc.oneof({ arbitrary: tag, weight: 1 }, { arbitrary: cudaTag, weight: 2 }), digest).map(([r, t, d]) => `${r}${t}${d ? `@sha256:${d}` : ''}`);
const platform = fc.constantFrom('', '--platform=linux/amd64 ', '--platform=$BUILDPLATFORM ', '--platform=${TARGETPLATFORM} ', '--platform= ');

const from = fc.tuple(platform, image, fc.option(fc.oneof(ident, fc.constantFrom('scratch', 'Build', 'dup', '1bad')), { nil: undefined }))
  .map(([p, i, as]) => [`FROM ${p}${i}${as ? ` AS ${as}` : ''}`]);

const pkg = fc.constantFrom('torch', 'torch==2.3.1', 'numpy>=1.26', 'flash-attn', 'vllm', 'xformers', 'tensorflow[and-cuda]', 'jax[cuda12]', 'cupy-cuda12x', '.', '-r requirements.txt', 'git+https://github.com/org/repo@v1', './dist/x.whl', 'pip', 'setuptools');
const osPkg = fc.constantFrom('curl', 'ca-certificates', 'git=1:2.34.1-1ubuntu1', 'build-essential', 'python3-pip', 'cuda-toolkit-12-4', 'nvidia-driver-550', 'libcudnn8');
const pkgs = <T extends string>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 0, maxLength: 4 }).map((xs) => xs.join(' '));

const shellCommand: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('apt-get install', 'apt-get install -y', 'apt-get -qq install', 'apt-get install --no-install-recommends -y', 'apt install -y', 'yum install', 'dnf install -y', 'zypper -n install', 'apk add', 'apk add --no-cache'), pkgs(osPkg)).map(([c, p]) => `${c} ${p}`),
  fc.constantFrom('apt-get update', 'apk update', 'yum makecache', 'rm -rf /var/lib/apt/lists/*', 'apt-get clean', 'yum clean all', 'set -o pipefail', 'set -eux'),
  fc.tuple(fc.constantFrom('pip install', 'pip3 install', 'python -m pip install', 'python3 -m pip install --no-cache-dir', 'uv pip install', 'pip install -i https://user:secret@pypi.example/simple', 'pip install --index-url https://download.pytorch.org/whl/cu121', 'conda install', 'conda install -y', 'mamba create -y -n env', 'micromamba install -c conda-forge'), pkgs(pkg)).map(([c, p]) => `${c} ${p}`),
  fc.constantFrom('curl -fsSL https://example.com/install.sh | sh', 'wget -qO- https://get.example.sh | bash -s --', 'curl -sL https://x.example | sudo bash', 'curl -u user:pass https://x.example/f -o f', 'git clone https://tok@github.com/o/r.git'),
  fc.tuple(fc.constantFrom('cd', 'sudo', 'echo', 'export', 'npm install', 'gem install', 'go install', 'huggingface-cli download', 'chmod +x', 'useradd -m'), pkgs(word)).map(([c, a]) => `${c} ${a}`),
  fc.constantFrom('pip install torch --index-url https://download.pytorch.org/whl/cu118', 'pip install flash-attn --no-build-isolation', 'python setup.py install', 'pip install -e . --no-build-isolation', 'huggingface-cli download meta-llama/Llama-3-8B', 'wget https://huggingface.co/x/resolve/main/model.safetensors', 'apt-get install -y nvidia-driver-550 cuda-toolkit-12-4'),
  fc.constantFrom('echo "unterminated', "echo 'half", 'echo "a | b" && true', 'FOO=bar python train.py', 'torchrun --nproc_per_node=8 train.py', '$(cat x)', '`id`', 'if [ -f x ]; then echo y; fi'),
);
const joiner = fc.constantFrom(' && ', '; ', ' | ', ' || ', ' &&', ' & ');

/** A RUN body split over continuation lines, with comment lines and blank lines inside it sometimes. */
const runChain: fc.Arbitrary<Lines> = fc.tuple(fc.array(shellCommand, { minLength: 1, maxLength: 6 }), fc.array(joiner, { minLength: 6, maxLength: 6 }), fc.array(fc.constantFrom('same', 'break', 'comment', 'blank'), { minLength: 6, maxLength: 6 }))
  .map(([cmds, joins, layout]) => {
    const lines: Lines = [cmds[0] ?? 'true'];
    cmds.slice(1).forEach((c, k) => {
      const mode = layout[k] ?? 'same';
      const j = joins[k] ?? ' && ';
      if (mode === 'same') {
        lines[lines.length - 1] += `${j}${c}`;
        return;
      }
      if (mode === 'comment') {
        lines.push('# a comment inside the continuation');
      } else if (mode === 'blank') {
        lines.push('');
      }
      lines.push(`    ${j.trim()} ${c}`);
    });
    return lines;
  });

const runFlags = fc.constantFrom('', '--mount=type=cache,target=/root/.cache/pip ', '--mount=type=secret,id=hf,env=HF_TOKEN ', '--mount=type=bogus ', '--network=none ', '--unknown ');
const run: fc.Arbitrary<Lines> = fc.tuple(runFlags, runChain).map(([f, lines]) => [`RUN ${f}${lines[0] ?? ''}`, ...lines.slice(1)]);

const jsonArgs = fc.array(fc.oneof(word, fc.constantFrom('python', 'serve.py', '$MODEL', '--port=8000', 'sh', '-c')), { minLength: 0, maxLength: 4 });
const execForm = fc.tuple(fc.constantFrom('RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME'), jsonArgs, fc.constantFrom('"', "'", '"unbalanced'))
  .map(([kw, args, q]) => [`${kw} [${args.map((a) => (q === "'" ? `'${a}'` : JSON.stringify(a))).join(q === '"unbalanced' ? ', "' : ', ')}]`]);

const heredoc: fc.Arbitrary<Lines> = fc.tuple(fc.constantFrom('RUN <<EOF', 'RUN <<-EOT', 'RUN <<"EOF" bash', 'COPY <<EOF /etc/app.conf', 'RUN <<EOF python3', 'RUN cat <<A <<B > /x'), fc.array(shellCommand, { maxLength: 4 }), fc.constantFrom('EOF', 'EOT', '\tEOT', 'A', '', 'NOPE'))
  .map(([head, body, end]) => [head, ...body, ...(end === '' ? [] : [end, ...(head.includes('<<B') ? ['B'] : [])])]);

const kv = fc.tuple(upperIdent, fc.oneof(word, fc.constantFrom('hf_abcdefghijklmnopqrstuvwxyz0123456789', 'sk-abcdefghijklmnopqrstuvwx', 'https://user:pass@pypi.example/simple', '"two words"', '$CUDA', '${PATH}:/opt/bin', '"unterminated')))
  .map(([k, v]) => `${k}=${v}`);
const simple: fc.Arbitrary<Lines> = fc.oneof(
  fc.tuple(fc.constantFrom('ENV', 'ARG', 'LABEL'), fc.array(kv, { minLength: 0, maxLength: 3 })).map(([kw, kvs]) => [`${kw} ${kvs.join(' ')}`]),
  fc.tuple(fc.constantFrom('ENV', 'ARG'), upperIdent, word).map(([kw, k, v]) => [`${kw} ${k} ${v}`]),
  upperIdent.map((k) => [`ARG ${k}`]),
  oneLine('ENV NVIDIA_DRIVER_CAPABILITIES=utility', 'ENV NVIDIA_VISIBLE_DEVICES=all', 'ENV TORCH_CUDA_ARCH_LIST="8.0;9.0"', 'ENV A=1 B=$A', 'ENV PYTHONUNBUFFERED=1', 'WORKDIR $PAHT', 'COPY $UNDEFINED_X /x', 'COPY model.safetensors checkpoints/ data/train.parquet /models/', 'ADD https://huggingface.co/x/model.bin /m/'),
  oneLine('WORKDIR /app', 'WORKDIR app', 'WORKDIR $APP_HOME', 'USER root', 'USER 0:0', 'USER 10001', 'USER $UID', 'USER app'),
  oneLine('EXPOSE 8000', 'EXPOSE 8000/tcp 9000/udp', 'EXPOSE 70000', 'EXPOSE 8080:80', 'EXPOSE 127.0.0.1:80:80', 'EXPOSE 1-2-3', 'EXPOSE 80/http', 'EXPOSE $PORT'),
  oneLine('HEALTHCHECK CMD curl -f http://localhost/ || exit 1', 'HEALTHCHECK --interval=5s --retries=0 CMD true', 'HEALTHCHECK --interval=5 CMD x', 'HEALTHCHECK NONE', 'HEALTHCHECK NONE extra', 'HEALTHCHECK BOGUS'),
  oneLine('STOPSIGNAL SIGTERM', 'STOPSIGNAL 9', 'STOPSIGNAL NOPE', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["pwsh", "-Command"]', 'SHELL /bin/sh', 'MAINTAINER someone', 'RUNN echo typo', 'COPPY . .', 'CMD', 'FROM', 'ENV'),
  fc.tuple(fc.constantFrom('COPY', 'ADD', 'COPY --chown=app:app', 'COPY --link', 'COPY --from=build', 'COPY --from=0', 'COPY --from=nosuchstage', 'COPY --from=ghcr.io/o/i:1', 'COPY --bogus', 'ADD --checksum=sha256:abc'),
    fc.array(fc.constantFrom('.', 'src/', '*.py', 'models/', '.env', 'id_rsa', 'kaggle.json', 'weights.safetensors', 'https://example.com/model.bin', 'requirements.txt'), { minLength: 1, maxLength: 3 }),
    fc.constantFrom('/app/', '/app', 'app', '.', '/models/')).map(([kw, srcs, dest]) => [`${kw} ${srcs.join(' ')} ${dest}`]),
  oneLine('CMD python serve.py', 'CMD ["python", "serve.py"]', "CMD ['python','x.py']", 'ENTRYPOINT torchrun train.py', 'ENTRYPOINT ["vllm", "serve", "$MODEL"]', 'VOLUME /data', 'VOLUME ["/data"]'),
);
const onbuild: fc.Arbitrary<Lines> = fc.oneof(run, simple, fc.constant(['ONBUILD RUN x']), fc.constant(['FROM x'])).map((lines) => [`ONBUILD ${lines[0] ?? ''}`, ...lines.slice(1)]);

const instruction: fc.Arbitrary<Lines> = fc.oneof(
  { arbitrary: run, weight: 5 },
  { arbitrary: simple, weight: 5 },
  { arbitrary: from, weight: 2 },
  { arbitrary: execForm, weight: 2 },
  { arbitrary: heredoc, weight: 1 },
  { arbitrary: onbuild, weight: 1 },
);

/** Comments and suppressions; IDs come from the registry so every rule can be named. */
function trivia(ruleIds: readonly string[]): fc.Arbitrary<Lines> {
  const id = ruleIds.length > 0 ? fc.constantFrom(...ruleIds) : fc.constant('MLD001');
  return fc.oneof(
    fc.constantFrom('# a comment', '', '   ', '#', '# syntax=docker/dockerfile:1', '# escape=`', '# hadolint ignore=DL3008,DL3013', '# hadolint global ignore=DL3006', '# dockerfile-utils: ignore', '# mlc-ignore').map((l) => [l]),
    fc.tuple(fc.array(id, { minLength: 1, maxLength: 3 }), fc.constantFrom('', ' -- reason given', ',')).map(([ids, tail]) => [`# mlc-ignore ${ids.join(' ')}${tail}`]),
    id.map((i) => [`# mlc-ignore-file ${i}`]),
  );
}

const directives = fc.shuffledSubarray(['# syntax=docker/dockerfile:1.7', '# check=skip=JSONArgsRecommended', '# check=error=true', '# escape=\\', '# escape=`', '# escape=x', '#syntax=docker/dockerfile:1'], { maxLength: 3 });

/** Indents some lines, upper/lower-cases some keywords (keywords are case-insensitive). */
const styled = (lines: Lines, lower: number, indent: string): Lines =>
  lines.map((l, k) => (k === 0 ? indent + (lower === 0 ? l.replace(/^([A-Z]+)/, (kw) => kw.toLowerCase()) : l) : l));

/** A whole Dockerfile: directives, a global ARG/FROM prefix (usually), then instructions and trivia. */
export function dockerfileArb(ruleIds: readonly string[], maxInstructions = 25): fc.Arbitrary<GeneratedDockerfile> {
  const item = fc.oneof({ arbitrary: instruction, weight: 6 }, { arbitrary: trivia(ruleIds), weight: 1 });
  const styledItem = fc.tuple(item, fc.nat(6), fc.constantFrom('', '', '', '', '', '  ', '\t')).map(([l, lower, ind]) => styled(l, lower, ind));
  return fc.record({
    directives,
    prefix: fc.constantFrom<Lines[]>([], [['ARG CUDA=12.4.1']], [['ARG BASE=ubuntu:22.04'], ['FROM $BASE AS base']]),
    head: from,
    body: fc.array(styledItem, { maxLength: maxInstructions }),
    eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\n', '\r\n'),
    trailingEol: fc.boolean(),
    trailingContinuation: fc.boolean(),
  }).map((r) => {
    const escape: '\\' | '`' = r.directives.find((d) => /^# ?escape=/.test(d)) === '# escape=`' ? '`' : '\\';
    const groups: Lines[] = [...r.directives.map((d) => [d]), ...r.prefix, r.head, ...r.body];
    const continued = (g: Lines, line: string, k: number): boolean => k < g.length - 1 && !isHeredocGroup(g) && line.trim() !== '' && !(k > 0 && line.trimStart().startsWith('#'));
    const rendered = groups.map((g) => g.map((line, k) => (continued(g, line, k) ? `${line} ${escape}` : line)).join(r.eol));
    let text = rendered.join(r.eol);
    if (r.trailingContinuation) {
      text += ` ${escape}`;
    }
    if (r.trailingEol) {
      text += r.eol;
    }
    return { text, escape, eol: r.eol };
  });
}

function isHeredocGroup(g: Lines): boolean {
  return /<<-?"?[A-Z]/.test(g[0] ?? '');
}
