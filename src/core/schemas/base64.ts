const base64Re = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const unpaddedRe = /^[A-Za-z0-9+/]*$/;

const withoutLineBreaks = (value: string): string => (value.includes('\n') || value.includes('\r') ? value.replace(/[\r\n]/g, '') : value);

/**
 * A string the API server decodes as `format: byte` (Go's encoding/json decodes []byte with padded standard base64):
 * the RFC 4648 standard alphabet, padded to whole quads, line breaks ignored; empty is an empty value.
 */
export function isBase64(value: string): boolean {
  return base64Re.test(withoutLineBreaks(value));
}

/** Text in the base64 alphabet that lacks only its `=` padding: unpadded base64, or a word of plain text. */
function lacksPadding(value: string): boolean {
  const text = withoutLineBreaks(value);
  const rest = text.length % 4;
  return (rest === 2 || rest === 3) && unpaddedRe.test(text);
}

/** What to do about a `format: byte` string that is not base64, by the kind and the field that hold it. */
export function base64Message(value: string, kind: string | undefined, field: string | number | undefined): string {
  const base64 = lacksPadding(value) ? 'base64 (padded with "=" to a multiple of 4 characters)' : 'base64';
  if (kind === 'Secret' && field === 'data') {
    return `Secret data values must be ${base64}; put plain text under stringData.`;
  }
  if (kind === 'ConfigMap' && field === 'binaryData') {
    return `ConfigMap binaryData values must be ${base64}; put text under data.`;
  }
  return `Expected ${base64} (format: byte), which the API server decodes; encode the value (base64 -w0).`;
}
