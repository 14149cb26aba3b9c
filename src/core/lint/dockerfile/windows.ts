import type { DockerfileModel, Stage } from './semantic';
import { ancestry } from './semantic';
import { rootImage } from './scope-values';

/** Windows base images: Server Core, Nano Server, Windows and the .NET Framework images built on them. */
const windowsImageRe = /(?:^|\/)(?:windows(?:servercore|-?server)?|servercore|nanoserver|dotnet\/framework)(?:\/|$)/i;

/**
 * The stage builds a Windows image: its base is a Windows one, or it runs its RUNs under cmd or PowerShell (SHELL).
 * Windows containers run as ContainerAdministrator or ContainerUser, names Kubernetes takes through
 * securityContext.windowsOptions.runAsUserName: a numeric UID and runAsNonRoot do not apply to them.
 */
export function buildsWindowsImage(model: DockerfileModel, stage: Stage): boolean {
  if (ancestry(stage).some((s) => s.nonPosixShell)) {
    return true;
  }
  const base = rootImage(model, stage);
  return base !== undefined && (windowsImageRe.test(base.path) || (base.domain === 'mcr.microsoft.com' && /(?:^|\/)windows/.test(base.path)));
}
