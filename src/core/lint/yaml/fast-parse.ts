import { Composer, type Document } from 'yaml';
import { type StreamDirectives } from './fast-nodes';
import { FastComposer } from './fast-parse-compose';
import { CstParser } from './fast-parse-cst';
import { DirectBuilder } from './fast-parse-direct';
import { lexYaml, lexYamlSources } from './fast-parse-lexer';
import { Unsupported } from './fast-parse-tokens';

/** The options `parseYaml` gives `parseAllDocuments`; the fast path reproduces exactly their result. */
export const fastParseOptions = { prettyErrors: false, uniqueKeys: false, strict: true, keepSourceTokens: false } as const;

/**
 * Nesting deeper than this is left to the full parser (which refuses it with a clear problem).
 * With no anchors or aliases either (the lexer declines `&` and `*`), the fast path's documents
 * are never too large or too deep for parseYaml's limits.
 */
export const maxFastDepth = 200;

export interface FastDocuments {
  documents: Document.Parsed[];
  /** When the builder tracked them: for each document, the [start, end) offsets of keys that repeat an earlier key of their map. */
  duplicateKeys?: [number, number][][];
}

export type FastParseResult = FastDocuments | { declined: string };

const directives = () => new Composer(fastParseOptions).streamInfo().directives as StreamDirectives;

function attempt(build: () => FastDocuments): FastParseResult {
  try {
    const built = build();
    return built.documents.length > 0 ? built : { declined: 'no document' };
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
    const direct = new DirectBuilder(text, { ...fastParseOptions }, directives(), maxFastDepth);
    lexYaml(text, direct.next);
    direct.end();
    return { documents: direct.documents, duplicateKeys: direct.duplicateKeys };
  });
}

/** The whole supported subset, through the package's CST and composer rules. */
export function generalParse(text: string): FastParseResult {
  return attempt(() => {
    const parser = new CstParser(maxFastDepth);
    lexYamlSources(text, parser.next);
    parser.end();
    const composer = new FastComposer({ ...fastParseOptions }, directives());
    for (const token of parser.out) {
      composer.next(token);
    }
    composer.end();
    return { documents: composer.documents };
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
export function fastParseAllDocuments(text: string): FastDocuments | undefined {
  const result = tryFastParse(text);
  return 'documents' in result ? result : undefined;
}
