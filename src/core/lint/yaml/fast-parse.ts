import { Composer, type Document } from 'yaml';
import { FastComposer } from './fast-parse-compose';
import { CstParser } from './fast-parse-cst';
import { DirectBuilder } from './fast-parse-direct';
import { lexYaml } from './fast-parse-lexer';
import { Unsupported } from './fast-parse-tokens';

/** The options `parseYaml` gives `parseAllDocuments`; the fast path reproduces exactly their result. */
export const fastParseOptions = { prettyErrors: false, uniqueKeys: false, strict: true, keepSourceTokens: false } as const;

/** Nesting deeper than this is left to the full parser (which refuses it with a clear problem). */
const maxFastDepth = 200;

export type FastParseResult = { documents: Document.Parsed[] } | { declined: string };

const directives = () => new Composer(fastParseOptions).streamInfo().directives;

function attempt(build: () => Document.Parsed[]): FastParseResult {
  try {
    const documents = build();
    return documents.length > 0 ? { documents } : { declined: 'no document' };
  } catch (e) {
    // Unsupported input, or (never expected) a fault in the fast path: either way the full parser decides.
    return { declined: e instanceof Unsupported ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * The plainer inputs, built straight from the tokens: no trailing spaces, block scalars, `...` or
 * empty documents; blank and comment lines only where the package's placement rules are simple.
 */
export function directParse(text: string): FastParseResult {
  return attempt(() => {
    const direct = new DirectBuilder({ ...fastParseOptions }, directives(), maxFastDepth);
    lexYaml(text, direct.next);
    direct.end();
    return direct.documents;
  });
}

/** The whole supported subset, through the package's CST and composer rules. */
export function generalParse(text: string): FastParseResult {
  return attempt(() => {
    const parser = new CstParser(maxFastDepth);
    lexYaml(text, parser.next);
    parser.end();
    const composer = new FastComposer({ ...fastParseOptions }, directives());
    for (const token of parser.out) {
      composer.next(token);
    }
    composer.end();
    return composer.documents;
  });
}

/**
 * `parseAllDocuments(text, fastParseOptions)` for the common subset of YAML in Kubernetes manifests
 * and Compose files (block collections, one-line plain and quoted scalars, literal and folded block
 * scalars, comments, document markers, one-line flow collections of scalars), without the package's
 * lexer and parser. Declines, with the reason, when the text leaves that subset or would give any
 * error or warning: the caller then parses it with the package. Pure; linear in the text; never throws.
 */
export function tryFastParse(text: string): FastParseResult {
  const direct = directParse(text);
  if ('documents' in direct || direct.declined.startsWith('internal error')) {
    return direct;
  }
  return generalParse(text);
}

/** The documents of `text` when the fast path supports it, else undefined. */
export function fastParseAllDocuments(text: string): Document.Parsed[] | undefined {
  const result = tryFastParse(text);
  return 'documents' in result ? result.documents : undefined;
}
