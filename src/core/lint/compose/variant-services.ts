import { YamlView } from '../yaml/access';
import { parseYaml } from '../yaml/parse';
import { defaultComposeFileNames, isComposeVariantName, maxExtendsFileChars } from './extends-files';
import type { ComposeService } from './model';
import { composeModel } from './model';

/** The text of the variant files beside a main Compose file (`docker-compose.gpu.yml`), by file name. */
export type VariantFiles = ReadonlyMap<string, string>;

/** A service of a variant file, as that file alone defines it. */
export interface VariantService {
  file: string;
  view: YamlView;
  service: ComposeService;
}

/** At most this many variant files are read beside one main file. */
export const maxVariantFiles = 8;

/**
 * The variant files (`docker-compose.gpu.yml`, `compose.cuda.yaml`) the Compose file `name` may be run with
 * (`docker compose -f docker-compose.yml -f docker-compose.gpu.yml`), given the names in its folder: those whose main
 * file (variantBaseFor) it is, sorted, at most maxVariantFiles; none for any other file.
 */
export function variantNamesFor(name: string, namesInFolder: ReadonlySet<string>): string[] {
  if (defaultComposeFileNames.find((n) => namesInFolder.has(n)) !== name) {
    return [];
  }
  return [...namesInFolder].filter(isComposeVariantName).sort().slice(0, maxVariantFiles);
}

/**
 * What the rules that ask the variant files (a GPU a variant gives: MLC416, MLC405) look for in a main file: a CUDA
 * device selected, or an image that needs a GPU. Without it in the file or its `.env`, callers need not read them.
 */
const askedForRe = /cuda|vllm-openai|nvcr\.io\/nim\//i;

/** Whether a caller should read the variant files beside this main file (see askedForRe). */
export function variantFilesMayMatter(text: string, envFile?: string): boolean {
  return askedForRe.test(text) || (envFile !== undefined && askedForRe.test(envFile));
}

interface ParsedVariant {
  file: string;
  view: YamlView;
  services: ReadonlyMap<string, ComposeService>;
}

function parseVariant(file: string, text: string): ParsedVariant[] {
  const parsed = text.length <= maxExtendsFileChars ? parseYaml(text) : undefined;
  const document = parsed?.documents.find((d) => d.skipped === undefined);
  const view = parsed && document ? new YamlView(parsed, document) : undefined;
  const model = view ? composeModel(view) : undefined;
  return view && model ? [{ file, view, services: new Map(model.services.map((s) => [s.name, s])) }] : [];
}

/**
 * Looks up a service's namesakes in the variant files, each file read alone (its own `<<` merges and same-file
 * `extends`). The files are parsed on the first lookup, so a lint whose rules never ask parses none.
 */
export function variantServiceLookup(files: VariantFiles): (service: string) => VariantService[] {
  let parsed: ParsedVariant[] | undefined;
  return (service) => {
    parsed ??= [...files].flatMap(([file, text]) => parseVariant(file, text));
    return parsed.flatMap((v) => {
      const s = v.services.get(service);
      return s ? [{ file: v.file, view: v.view, service: s }] : [];
    });
  };
}
