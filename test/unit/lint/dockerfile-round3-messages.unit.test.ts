import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function lint(id: string, text: string) {
  return lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
}

describe('Dockerfile rule messages (real-world round 3)', () => {
  it('MLD510 names uid 65532 for nonroot on distroless and Chainguard bases', () => {
    // strajaguard's Dockerfile: distroless names uid 65532 `nonroot`, so USER 10001 would be the wrong advice.
    const distroless = lint('MLD510', 'FROM golang:1.25 AS builder\nFROM gcr.io/distroless/base-debian12\nUSER nonroot\n');
    assert.equal(distroless.length, 1);
    assert.equal(distroless[0]?.message, 'USER nonroot is a name, so Kubernetes runAsNonRoot cannot verify it is not root; use the numeric UID (USER 65532).');
    const chainguard = lint('MLD510', 'FROM cgr.dev/chainguard/python:latest\nUSER nonroot:nonroot\n');
    assert.match(chainguard[0]?.message ?? '', /\(USER 65532:65532\)\.$/);
    assert.deepEqual(chainguard[0]?.fix?.edits.map((e) => e.newText), ['65532:65532']);
    // Elsewhere nonroot is just a name with no known uid.
    const plain = lint('MLD510', 'FROM ubuntu:22.04\nUSER nonroot\n');
    assert.match(plain[0]?.message ?? '', /\(e\.g\. USER 10001\)\.$/);
  });
});
