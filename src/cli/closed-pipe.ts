/**
 * A reader that stops early (`mlc lint … | head`) closes the pipe under the output stream. What is left
 * to write is dropped quietly and the command still ends with its own exit code; any other write error
 * is reported once and makes the exit code 2.
 */
export function dropOutputAfterClosedPipe(stream: NodeJS.WritableStream, stderr: NodeJS.WritableStream): void {
  let reported = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED' || reported) {
      return;
    }
    reported = true;
    stderr.write(`mlc: cannot write the output: ${e.message}\n`);
    process.exitCode = 2;
  });
}
