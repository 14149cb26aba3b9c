import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'e2e');
export const provisionScript = path.join(repoRoot, 'scripts', 'provision', 'docker-engine.sh');

/** The engine's socket as the provisioning script serves it (the only endpoint the tier uses). */
export const dockerSocket = '/var/run/docker.sock';

/** Identifies this run's temp dirs (and any Docker object, as label mlc.test=<runId>). */
export const runId = `${Date.now().toString(36)}-${process.pid}`;
