import { envAtEnd } from './scope-values';
import { buildModel } from './semantic';
import { userAt } from './users';

/** What a container of the image a Dockerfile builds starts with, as far as the Dockerfile shows it (its base image's own settings are not known). */
export interface BuiltImage {
  /** The ENV of the stage built and its in-file ancestors; a name mapped to undefined is set to a value not known here. */
  env: ReadonlyMap<string, string | undefined>;
  /** Its last USER without the group; undefined when none is set, null when it is not known. */
  user: string | undefined | null;
}

/** The image the Dockerfile `text` builds: its `target` stage, else its last; undefined when it has no such stage. */
export function builtImage(text: string, target?: string): BuiltImage | undefined {
  const model = buildModel(text, target !== undefined ? { target } : {});
  const stage = model.finalStage;
  if (stage === undefined || (target !== undefined && stage.name?.toLowerCase() !== target.toLowerCase())) {
    return undefined;
  }
  return { env: envAtEnd(model, stage), user: userAt(model, stage) };
}
