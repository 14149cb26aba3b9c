import type { DockerfileModel, Stage } from './semantic';
import { ancestry } from './semantic';
import { rootImage } from './scope-values';

/** Windows base images: Server Core, Nano Server, Windows and the .NET Framework images built on them. */
const windowsImageRe = /(?:^|\/)(?:windows(?:servercore|-?server)?|servercore|nanoserver|dotnet\/framework)(?:\/|$)/i;
/** Docker Hub's Windows builds of the official images (`winamd64/python`). */
const winamd64Re = /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?winamd64\//i;
/** A tag naming a Windows variant: `3.11-windowsservercore-ltsc2022`, `8.0-nanoserver-1809`, `lts-windowsserver-ltsc2022`. */
const windowsTagRe = /(?:^|[-_.])(?:windows\w*|servercore|nanoserver|ltsc\d{4})(?:$|[-_.])/i;

/** The tag of an image reference as written, variables left in (`$PYTHON_VERSION-windowsservercore`). */
function writtenTag(image: string): string {
  const last = image.slice(image.lastIndexOf('/') + 1).split('@')[0] ?? '';
  const colon = last.indexOf(':');
  return colon < 0 ? '' : last.slice(colon + 1);
}

/**
 * The stage builds a Windows image: its base is a Windows one (by repository or by tag), or it runs its RUNs under
 * cmd or PowerShell (SHELL). Windows containers run as ContainerAdministrator or ContainerUser, names Kubernetes takes
 * through securityContext.windowsOptions.runAsUserName: a numeric UID and runAsNonRoot do not apply to them.
 */
export function buildsWindowsImage(model: DockerfileModel, stage: Stage): boolean {
  const chain = ancestry(stage);
  if (chain.some((s) => s.nonPosixShell)) {
    return true;
  }
  const base = rootImage(model, stage);
  if (base !== undefined) {
    return windowsImageRe.test(base.path) || winamd64Re.test(base.path) || windowsTagRe.test(base.tag ?? '') || (base.domain === 'mcr.microsoft.com' && /(?:^|\/)windows/.test(base.path));
  }
  // A FROM whose tag stays unresolved (`winamd64/python:$PYTHON_VERSION-windowsservercore`): read it as written.
  const written = chain[chain.length - 1]?.imageWord?.value;
  return written !== undefined && (winamd64Re.test(written) || windowsTagRe.test(writtenTag(written)));
}
