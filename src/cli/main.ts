import { isMainThread, workerData } from 'node:worker_threads';
import { dropOutputAfterClosedPipe } from './closed-pipe';
import { runDoctorCommand } from './doctor-command';
import { budgetJitForOneShotRun } from './jit-budget';
import { runLintCommand } from './lint-command';
import { lintWorkerRole } from './lint-pool';
import { serveLintJobs } from './lint-worker';
import { runScaffoldCommand } from './scaffold-command';
import { usage } from './usage';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'doctor':
      return runDoctorCommand(rest, process.stdout, process.stderr);
    case 'lint':
      return runLintCommand(rest, process.stdout, process.stderr);
    case 'scaffold':
      return runScaffoldCommand(rest, process.stdout, process.stderr);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(usage);
      return command === undefined ? 2 : 0;
    case '--version':
    case '-v':
      process.stdout.write(`${process.env.MLC_VERSION ?? 'dev'}\n`);
      return 0;
    default:
      process.stderr.write(`mlc: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

if (!isMainThread && workerData === lintWorkerRole) {
  serveLintJobs();
} else {
  budgetJitForOneShotRun();
  dropOutputAfterClosedPipe(process.stdout, process.stderr);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode ??= code;
    },
    (err: unknown) => {
      process.stderr.write(`mlc: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
