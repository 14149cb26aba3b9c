import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describeStack, stackTable } from '../core/scaffold/compat';
import { defaultAnswers, type AnswerOverrides } from '../core/scaffold/defaults';
import { detectProject } from '../core/scaffold/detect';
import { planScaffold } from '../core/scaffold/plan';
import { frameworks, parts, workloads, type Framework, type Part, type Workload } from '../core/scaffold/types';
import { scanWorkspace } from '../infra/scaffold/scan';
import { writePlannedFiles } from '../infra/scaffold/write';

type Writable = { write(text: string): unknown };

export const scaffoldUsage = `Usage: mlc scaffold --out DIR [options]

Generates container files for the ML project in DIR: Dockerfile, .dockerignore, a sample app when
none is found, compose.yaml (+ monitoring/), k8s/ and a GitHub Actions workflow. Unset options are
detected from the project (requirements, imports, entry points).

Options:
  --out DIR                        the project folder to write into (required)
  --workload inference|training|retraining|notebook
                                   what the image runs (retraining: on a schedule)
  --gpu | --cpu                    accelerator (default: CPU when the framework has a CPU stack)
  --framework NAME                 ${frameworks.join('|')}
  --stack ID                       a compatibility-table row (see --list-stacks)
  --parts LIST                     comma-separated subset of ${parts.join(',')}
  --name NAME                      image/app name (default: the folder name)
  --port N                         serving port (default: detected, else 8000; notebook 8888)
  --operator                       k8s/ with the ML operator's resource: KServe InferenceService
                                   (inference) or Kubeflow PyTorchJob (PyTorch training on GPU)
  --yes                            overwrite files that already exist (default: skip them)
  --dry-run                        print the planned files without writing
  --list-stacks                    print the compatibility table and exit

Exit codes: 0 every planned file written, 1 some existing files were skipped, 2 usage or I/O error.
`;

export interface ScaffoldArgs {
  out?: string;
  overrides: AnswerOverrides;
  yes: boolean;
  dryRun: boolean;
  listStacks: boolean;
}

const valued = ['--out', '--workload', '--framework', '--stack', '--parts', '--name', '--port'] as const;

export function parseScaffoldArgs(args: readonly string[]): ScaffoldArgs | { error: string } | { help: true } {
  const parsed: ScaffoldArgs = { overrides: {}, yes: false, dryRun: false, listStacks: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const flag = ({ '-h': 'help', '--help': 'help', '--yes': 'yes', '-y': 'yes', '--dry-run': 'dryRun', '--list-stacks': 'listStacks', '--gpu': 'gpu', '--cpu': 'cpu', '--operator': 'operator' } as const)[arg];
    if (flag === 'help') {
      return { help: true };
    }
    if (flag === 'gpu' || flag === 'cpu') {
      if (parsed.overrides.accelerator && parsed.overrides.accelerator !== flag) {
        return { error: '--gpu and --cpu exclude each other' };
      }
      parsed.overrides.accelerator = flag;
      continue;
    }
    if (flag === 'operator') {
      parsed.overrides.operator = true;
      continue;
    }
    if (flag) {
      parsed[flag] = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!(valued as readonly string[]).includes(name)) {
      return { error: `unknown option "${arg}"` };
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') {
      return { error: `${name} needs a value` };
    }
    const problem = applyValue(parsed, name as (typeof valued)[number], value);
    if (problem) {
      return { error: problem };
    }
  }
  return parsed;
}

function applyValue(parsed: ScaffoldArgs, name: (typeof valued)[number], value: string): string | undefined {
  switch (name) {
    case '--out':
      parsed.out = value;
      return undefined;
    case '--workload':
      if (!(workloads as readonly string[]).includes(value)) {
        return `--workload must be one of ${workloads.join(', ')}`;
      }
      parsed.overrides.workload = value as Workload;
      return undefined;
    case '--framework':
      if (!(frameworks as readonly string[]).includes(value)) {
        return `--framework must be one of ${frameworks.join(', ')}`;
      }
      parsed.overrides.framework = value as Framework;
      return undefined;
    case '--stack':
      parsed.overrides.stackId = value;
      return undefined;
    case '--parts': {
      const list = value.split(',').map((p) => p.trim()).filter(Boolean);
      const bad = list.find((p) => !(parts as readonly string[]).includes(p));
      if (bad !== undefined || list.length === 0) {
        return `--parts takes a comma-separated subset of ${parts.join(',')}`;
      }
      parsed.overrides.parts = list as Part[];
      return undefined;
    }
    case '--name':
      parsed.overrides.name = value;
      return undefined;
    case '--port': {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        return '--port must be an integer from 1 to 65535';
      }
      parsed.overrides.port = port;
      return undefined;
    }
  }
}

/** `mlc scaffold`: returns the exit code (0 all written, 1 existing files skipped, 2 usage or I/O error). */
export async function runScaffoldCommand(args: string[], out: Writable, err: Writable, options: { cwd?: string } = {}): Promise<number> {
  const parsed = parseScaffoldArgs(args);
  if ('help' in parsed) {
    out.write(scaffoldUsage);
    return 0;
  }
  if ('error' in parsed) {
    err.write(`mlc scaffold: ${parsed.error}\n\n${scaffoldUsage}`);
    return 2;
  }
  if (parsed.listStacks) {
    out.write(stackTable.map((r) => `${r.id.padEnd(28)} ${describeStack(r)}\n`).join(''));
    return 0;
  }
  if (parsed.out === undefined) {
    err.write(`mlc scaffold: --out DIR is required\n\n${scaffoldUsage}`);
    return 2;
  }
  const root = path.resolve(options.cwd ?? process.cwd(), parsed.out);
  try {
    await fs.mkdir(root, { recursive: true });
    const facts = detectProject(await scanWorkspace(root));
    const answers = defaultAnswers(facts, path.basename(root), parsed.overrides);
    if ('error' in answers) {
      err.write(`mlc scaffold: ${answers.error}\n`);
      return 2;
    }
    const plan = planScaffold(answers);
    if (!plan.ok) {
      err.write(`mlc scaffold: ${plan.error}\n`);
      return 2;
    }
    out.write(`${answers.workload} · ${describeStack(plan.stack)}${answers.entry ? ` · entry ${answers.entry.path}` : ''}\n`);
    if (parsed.dryRun) {
      for (const f of plan.files) {
        const exists = await fs.access(path.join(root, f.path)).then(
          () => true,
          () => false,
        );
        out.write(exists ? `would ${parsed.yes ? 'overwrite' : 'skip (exists; --yes to overwrite)'} ${f.path}\n` : `would write ${f.path}\n`);
      }
      return 0;
    }
    const result = await writePlannedFiles(root, plan.files, parsed.yes);
    out.write(result.written.map((p) => `wrote ${p}\n`).join(''));
    out.write(result.overwritten.map((p) => `overwrote ${p}\n`).join(''));
    if (result.skipped.length > 0) {
      err.write(result.skipped.map((p) => `skipped ${p} (exists; --yes to overwrite)\n`).join(''));
      return 1;
    }
    return 0;
  } catch (e) {
    err.write(`mlc scaffold: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
