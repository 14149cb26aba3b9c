/**
 * Calls in a `python -c` one-liner that download model weights from a hub when given a model name:
 * `WhisperModel('large-v3')` (faster-whisper), `whisper.load_model('base')` (openai-whisper),
 * `SentenceTransformer('all-MiniLM-L6-v2')`, `AutoModel.from_pretrained('bert-base-uncased')`.
 * The first argument must be a string literal: a variable may name a local folder.
 */
const modelLoadRe = /(?<![\w.])(WhisperModel|whisper\.load_model|SentenceTransformer|CrossEncoder|[A-Za-z_]\w*\.from_pretrained)\s*\(\s*(['"])([^'"]*)\2/g;

/** A word every call modelLoadRe matches contains. */
const loadWords = ['WhisperModel', 'load_model', 'SentenceTransformer', 'CrossEncoder', 'from_pretrained'];

/** Classes whose from_pretrained fetches a tokenizer, config or processor (a few MB), not weights. */
const notWeightsRe = /(?:Tokenizer(?:Fast)?|Config|Processor|FeatureExtractor|GenerationConfig)\.from_pretrained$/;

/** openai-whisper's own model names: anything else `whisper.load_model` opens as a checkpoint file. */
const whisperModelNames = new Set(['tiny', 'tiny.en', 'base', 'base.en', 'small', 'small.en', 'medium', 'medium.en', 'large-v1', 'large-v2', 'large-v3', 'large', 'large-v3-turbo', 'turbo']);

/** A model name, not a local path (`/models/x`, `./x`, `~/x`, a checkpoint file such as `models/base.pt`) or a name read from the environment. */
function namesHubModel(callee: string, arg: string): boolean {
  if (callee === 'whisper.load_model') {
    return whisperModelNames.has(arg);
  }
  return arg !== '' && !/^(?:\/|\.{1,2}\/|~)/.test(arg) && !/\.(?:pt|pth|bin|safetensors|ckpt|gguf|onnx|h5)$/i.test(arg) && !arg.includes('$');
}

/**
 * The first weight-downloading call in Python source, as `WhisperModel('large-v3')`; undefined when there is none,
 * or when the code asks for cached files only (`local_files_only=True`, as a check that the image already has them).
 */
export function pythonModelDownload(code: string, expand: (text: string) => string | undefined): string | undefined {
  // Most one-liners (`import torch; print(torch.__version__)`) name none of the calls: skip the regular expressions.
  if (!loadWords.some((w) => code.includes(w)) || /local_files_only\s*=\s*True/.test(code)) {
    return undefined;
  }
  for (const m of code.matchAll(modelLoadRe)) {
    const [, callee = '', quote = '', written = ''] = m;
    const arg = expand(written);
    if (!notWeightsRe.test(callee) && arg !== undefined && namesHubModel(callee, arg)) {
      return `${callee}(${quote}${written}${quote})`;
    }
  }
  return undefined;
}
