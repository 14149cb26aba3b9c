import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';

const messages = (text: string, id: string): string[] => lintDockerfile(text).findings.filter((f) => f.ruleId === id).map((f) => f.message);

describe('Windows containers and their users (MLD104, MLD510)', () => {
  it('a Windows container without USER is told to use ContainerUser, not a numeric UID', () => {
    assert.deepEqual(messages('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["cmd"]\n', 'MLD104'), [
      'The final stage sets no USER, so the Windows container runs as ContainerAdministrator; add USER ContainerUser (in Kubernetes, securityContext.windowsOptions.runAsUserName).',
    ]);
    // SHELL with PowerShell marks a Windows build whatever the base's name.
    assert.match(messages('FROM registry.example/win-base:1\nSHELL ["powershell", "-Command"]\nRUN Write-Host hi\n', 'MLD104')[0] ?? '', /ContainerAdministrator/);
  });

  it('USER ContainerUser is accepted; a Linux image with a named user still gets MLD510', () => {
    assert.deepEqual(messages('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n', 'MLD510'), []);
    assert.deepEqual(messages('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n', 'MLD104'), []);
    assert.equal(messages('FROM python:3.12-slim\nRUN useradd -m app\nUSER app\n', 'MLD510').length, 1);
  });
});
