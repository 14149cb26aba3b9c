/** Flags that set a DataLoader's worker processes: `--workers`, `--num-workers`, `--num_workers`, `--dataloader-num-workers`. */
const workersFlagRe = /^--(?:dataloader[-_])?(?:num[-_])?workers$/;

/**
 * The DataLoader workers the command line (`words`) sets, the last flag winning as with argparse; undefined where
 * none is written or its value is not a number (`$WORKERS`). With 0 the main process loads every batch itself.
 */
export function dataLoaderWorkersWritten(words: readonly string[]): number | undefined {
  let workers: number | undefined;
  for (let k = 0; k < words.length; k++) {
    const word = words[k] as string;
    if (word.charCodeAt(0) !== 0x2d) {
      continue;
    }
    const equals = word.indexOf('=');
    if (workersFlagRe.test(equals < 0 ? word : word.slice(0, equals))) {
      const value = (equals < 0 ? words[k + 1] : word.slice(equals + 1))?.replace(/^["']|["';]+$/g, '');
      workers = value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
    }
  }
  return workers;
}
