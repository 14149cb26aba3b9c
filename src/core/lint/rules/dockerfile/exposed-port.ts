import type { Instruction } from '../../dockerfile/model';

/** The first TCP port the instructions EXPOSE (`8080`, `8080/tcp`), for a healthcheck to probe. */
export function firstExposedPort(chain: readonly Instruction[]): string | undefined {
  return chain
    .filter((i) => i.keyword === 'EXPOSE')
    .flatMap((i) => i.words.map((w) => /^(\d+)(?:\/tcp)?$/i.exec(w.value)?.[1]))
    .find((p) => p !== undefined);
}
