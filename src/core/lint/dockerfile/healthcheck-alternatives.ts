import type { HttpTool, ToolLessImage } from './tool-less-images';

/** A check the image can run instead of curl or wget: what it runs, and its argument list (exec form). */
export interface AlternativeCheck {
  uses: string;
  argv: string[];
}

const placeholderUrl = 'http://localhost:<port>/';

/** The check with a program the image has (the ollama CLI, an interpreter, BusyBox's wget) of `url`, if it has one. */
export function alternativeCheck(image: ToolLessImage, url: string): AlternativeCheck | undefined {
  const program = image.program ?? image.checker;
  switch (image.checker) {
    case 'ollama':
      return { uses: 'the ollama CLI', argv: ['ollama', 'list'] };
    case 'python':
      return { uses: 'Python', argv: [program, '-c', `import urllib.request; urllib.request.urlopen('${url}')`] };
    case 'node': {
      const module = url.startsWith('https:') ? 'https' : 'http';
      return { uses: 'Node.js', argv: [program, '-e', `require('${module}').get('${url}', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))`] };
    }
    case 'busybox':
      return { uses: "BusyBox's wget", argv: ['wget', '-q', '--spider', url] };
    default:
      return undefined;
  }
}

function installCommand(image: ToolLessImage, tool: HttpTool): string | undefined {
  if (image.installer === 'apt') {
    return `RUN apt-get update && apt-get install -y --no-install-recommends ${tool} && rm -rf /var/lib/apt/lists/*`;
  }
  return image.installer === 'apk' ? `RUN apk add --no-cache ${tool}` : undefined;
}

/**
 * What to do instead of a healthcheck that runs a tool the image lacks: a check with a program it has (`render` writes
 * its argument list as the file does), or the tool installed `where` (`in the Dockerfile`).
 */
export function toolAdvice(image: ToolLessImage, tool: HttpTool, url: string | undefined, where: string, render: (argv: readonly string[]) => string): string {
  const alternative = alternativeCheck(image, url ?? placeholderUrl);
  const install = installCommand(image, tool);
  const instead = alternative ? `check with ${alternative.uses}, which the image has (${render(alternative.argv)})` : undefined;
  if (instead && install) {
    return `${instead}, or install ${tool} ${where} (${install})`;
  }
  if (instead) {
    return `${instead}; it has no shell or package manager to install ${tool} with`;
  }
  if (install) {
    return `install ${tool} ${where} (${install}) or check with a program the image has`;
  }
  return `the image has no shell or package manager: check with a program it has (the server's own binary), or build on a base image with ${tool}`;
}

/** An argument list as a JSON array of strings: `["ollama", "list"]`. */
export function execForm(argv: readonly string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}
