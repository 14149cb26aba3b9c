import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function lint(id: string, text: string) {
  return lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
}

describe('Dockerfile rules on real generic images (round 7)', () => {
  it('MLD104 tells an nginx image to use nginx-unprivileged, not a USER that breaks it, and offers no fix', () => {
    // coelhocaique/finance-web-application: a single-page app served by nginx:alpine.
    const findings = lint('MLD104', 'FROM node:alpine AS build\nRUN npm run build\nFROM nginx:alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n');
    assert.equal(findings.length, 1);
    assert.equal(
      findings[0]?.message,
      "The final stage sets no USER, so nginx's master process runs as root (its workers switch to the nginx user); to run unprivileged (Kubernetes runAsNonRoot), build on nginxinc/nginx-unprivileged, which runs as UID 101 and listens on 8080, since a plain USER breaks nginx's port 80 and cache directories.",
    );
    assert.equal(findings[0]?.fix, undefined);
    // nginxinc/docker-nginx builds nginx on alpine and starts it with CMD ["nginx", …].
    const own = lint('MLD104', 'FROM alpine:3.17\nRUN apk add --no-cache nginx\nCMD ["nginx", "-g", "daemon off;"]\n');
    assert.match(own[0]?.message ?? '', /nginx-unprivileged/);
  });

  it('MLD104 gives distroless and scratch images a USER they can use, not a useradd they cannot run', () => {
    const distroless = lint('MLD104', 'FROM golang:1.23 AS build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /go/bin/app /\nCMD ["/app"]\n');
    assert.equal(distroless.length, 1);
    assert.equal(
      distroless[0]?.message,
      "The final stage sets no USER, so the distroless container runs as root; use the :nonroot tag or add USER 65532:65532 (distroless's nonroot user; the image has no shell to create one).",
    );
    assert.deepEqual(distroless[0]?.fix?.edits.map((e) => e.newText), ['USER 65532:65532\n']);
    assert.deepEqual(distroless[0]?.fix?.edits[0]?.range.start, { line: 4, column: 1 });
    const scratch = lint('MLD104', 'FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /go/bin/server /server\nENTRYPOINT ["/server"]\n');
    assert.equal(
      scratch[0]?.message,
      'The final stage sets no USER, so the container runs as root; add USER 10001 (scratch has no useradd, and a numeric UID needs no /etc/passwd entry).',
    );
    assert.deepEqual(scratch[0]?.fix?.edits.map((e) => e.newText), ['USER 10001\n']);
  });

  it('MLD104 leaves images whose entrypoint steps down from root with gosu or su-exec', () => {
    assert.deepEqual(lint('MLD104', 'FROM redis:7-alpine\nCOPY redis.conf /usr/local/etc/redis/redis.conf\nCMD ["redis-server", "/usr/local/etc/redis/redis.conf"]\n'), []);
    assert.deepEqual(lint('MLD104', 'FROM debian:bookworm-slim\nCOPY --from=tianon/gosu:1.17 /gosu /usr/local/bin/\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n'), []);
    // A gosu word inside a longer name is not gosu.
    assert.equal(lint('MLD104', 'FROM debian:bookworm-slim\nRUN apt-get install -y gosu-docs\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n').length, 1);
  });

  it('MLD510 reads the UID from adduser and knows the node images give node UID 1000', () => {
    const nextjs = lint('MLD510', 'FROM node:18-alpine\nRUN adduser --system --uid 1001 nextjs\nUSER nextjs\nCMD ["node", "server.js"]\n');
    assert.equal(nextjs[0]?.message, 'USER nextjs is a name, so Kubernetes runAsNonRoot cannot verify it is not root; use the numeric UID (USER 1001).');
    assert.deepEqual(nextjs[0]?.fix?.edits.map((e) => e.newText), ['1001']);
    const busybox = lint('MLD510', 'FROM alpine:3.20\nRUN adduser -D -u 10002 app\nUSER app\n');
    assert.match(busybox[0]?.message ?? '', /\(USER 10002\)/);
    const node = lint('MLD510', 'FROM node:22-slim\nUSER node:node\n');
    assert.equal(node[0]?.message, 'USER node is a name, so Kubernetes runAsNonRoot cannot verify it is not root; use the numeric UID (USER 1000:1000).');
    const nobody = lint('MLD510', 'FROM debian:bookworm-slim\nUSER nobody\n');
    assert.deepEqual(nobody[0]?.fix?.edits.map((e) => e.newText), ['65534']);
    // A user called node on another base is unknown.
    assert.match(lint('MLD510', 'FROM debian:bookworm-slim\nUSER node\n')[0]?.message ?? '', /e\.g\. USER 10001/);
  });
});
