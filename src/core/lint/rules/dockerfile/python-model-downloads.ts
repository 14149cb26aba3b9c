/**
 * Calls in a `python -c` one-liner that download model weights from a hub when given a model name:
 * `WhisperModel('large-v3')` (faster-whisper), `whisper.load_model('base')` (openai-whisper),
 * `SentenceTransformer('all-MiniLM-L6-v2')`, `AutoModel.from_pretrained('bert-base-uncased')`.
 * The first argument must be a string literal: a variable may name a local folder.
 */
const modelLoadRe = /(?<![\w.])(WhisperModel|whisper\.load_model|SentenceTransformer|CrossEncoder|[A-Za-z_]\w*\.from_pretrained)\s*\(\s*(['"])([^'"]*)\2/g;

/** Classes whose from_pretrained fetches a tokenizer, config or processor (a few MB), not weights. */
const notWeightsRe = /(?:Tokenizer(?:Fast)?|Config|Processor|FeatureExtractor|GenerationConfig)\.from_pretrained$/;

/** A model name, not a local path (`/models/x`, `./x`, `~/x`) or a name read from the environment. */
function namesHubModel(arg: string): boolean {
  return arg !== '' && !/^(?:\/|\.{1,2}\/|~)/.test(arg) && !arg.includes('$');
}

/**
 * The first weight-downloading call in Python source, as `WhisperModel('large-v3')`; undefined when there is none,
 * or when the code asks for cached files only (`local_files_only=True`, as a check that the image already has them).
 */
export function pythonModelDownload(code: string, expand: (text: string) => string | undefined): string | undefined {
  if (/local_files_only\s*=\s*True/.test(code)) {
    return undefined;
  }
  for (const m of code.matchAll(modelLoadRe)) {
    const [, callee = '', quote = '', written = ''] = m;
    const arg = expand(written);
    if (!notWeightsRe.test(callee) && arg !== undefined && namesHubModel(arg)) {
      return `${callee}(${quote}${written}${quote})`;
    }
  }
  return undefined;
}
