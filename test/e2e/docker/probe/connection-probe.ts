// Bundled by the e2e test and run as another user: connects once as the views do and prints
// the state and the message node the views would show, as JSON on stdout.
import { connectionFailureView } from '../../../../src/core/docker/connection-message';
import { DockerConnection } from '../../../../src/infra/docker/docker-connection';

async function main(): Promise<void> {
  const connection = new DockerConnection();
  const state = await connection.connect();
  const view = state.kind === 'failed' ? connectionFailureView(state.failure, state.endpoint, state.socket) : undefined;
  process.stdout.write(`${JSON.stringify({ state, view })}\n`);
  connection.dispose();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(2);
});
