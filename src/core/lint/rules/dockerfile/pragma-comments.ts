/** Comments that suppress findings (§9.1, §9.3): `# mlc-ignore…`, `# hadolint [global] ignore=…`, `# dockerfile-utils: ignore`. */
export const suppressionCommentRe = /^(?:mlc-ignore(?:-file)?(?:\s|$)|hadolint\s+(?:global\s+)?ignore\s*=|dockerfile-utils\s*:\s*ignore\b)/;

/** Tool pragmas and fixture markers that are never a description comment. */
export const toolCommentRe = /^(?:mlc-ignore|hadolint\b|dockerfile-utils\s*:|expect:|check=|syntax=|escape=)/;
