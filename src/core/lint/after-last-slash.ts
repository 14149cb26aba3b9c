/**
 * The text after its last `/` (all of it when it has none): a program's name without its folder, an image's name
 * without its registry path. V8 runs `lastIndexOf` as a call into its runtime, `includes` as a fast built-in, and most
 * command words have no slash.
 */
export function afterLastSlash(text: string): string {
  return text.includes('/') ? text.slice(text.lastIndexOf('/') + 1) : text;
}
