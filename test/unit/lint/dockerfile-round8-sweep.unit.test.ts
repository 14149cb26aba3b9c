import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function lint(id: string, text: string) {
  return lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
}

describe('Dockerfile rules on real CI, data, database and scientific images (round 8)', () => {
  it('MLD204 reports one finding per install command, at its first unpinned package, listing the packages', () => {
    // docker-library/python: one apt-get install of two dozen build dependencies used to give 24 findings.
    const pkgs = ['bzip2=1.0.8-5+b1', 'dpkg-dev', 'gcc', 'libbz2-dev', 'libffi-dev', 'make', 'tk-dev'];
    const text = `FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')} && apk add bash\n`;
    const findings = lint('MLD204', text);
    assert.equal(findings.length, 2);
    const [apt, apk] = findings;
    assert.equal(apt?.range.start.column, (text.split('\n')[1] ?? '').indexOf('dpkg-dev') + 1);
    assert.equal(
      apt?.message,
      'dpkg-dev, gcc, libbz2-dev, libffi-dev and 2 more are not version-pinned; distro archives drop old versions, so rather than pinning packages, pin the base image by digest to make rebuilds reproducible.',
    );
    assert.equal(apt?.anchorCode, 'DL3008');
    assert.equal(apk?.anchorCode, 'DL3018');
    assert.match(apk?.message ?? '', /^bash is not version-pinned; /);
    const two = lint('MLD204', 'FROM ubuntu:24.04\nRUN apt-get install -y curl git\n');
    assert.match(two[0]?.message ?? '', /^curl and git are not version-pinned; /);
  });

  it('MLD204 does not tell a digest-pinned image to pin its base by digest', () => {
    const digest = 'sha256:2424c1850714a4d94666ec928e24d86de958646737b1d113f5b2207be44d37d8';
    const text = `FROM debian:bookworm-slim@${digest} AS base\nFROM base\nRUN apt-get update && apt-get install -y ca-certificates curl\n`;
    const findings = lint('MLD204', text);
    assert.equal(findings.length, 1);
    assert.equal(
      findings[0]?.message,
      'ca-certificates and curl are not version-pinned, so even on this digest-pinned base image the install takes whatever the archive holds on build day; if rebuilds must match, install from a dated snapshot of the distro archive, or pin versions (distro archives drop old ones).',
    );
    assert.doesNotMatch(findings[0]?.message ?? '', /pin the base image by digest/);
  });

  it('MLD310 leaves BusyBox wget alone (no flood, and --progress breaks it) but still reports GNU wget on Alpine', () => {
    // docker-library/julia and memcached (alpine) download with BusyBox wget, which rejects --progress=dot:giga.
    const busybox = lint('MLD310', 'FROM alpine:3.21\nRUN apk add --no-cache --virtual .fetch-deps gnupg && wget -O julia.tar.gz https://example.com/julia.tar.gz\n');
    assert.deepEqual(busybox, []);
    // apache/kafka installs GNU wget with apk first.
    const gnu = lint('MLD310', 'FROM eclipse-temurin:21-jre-alpine\nRUN apk add --no-cache wget && wget -O kafka.tgz https://example.com/kafka.tgz\n');
    assert.equal(gnu.length, 1);
    assert.equal(gnu[0]?.fix?.edits[0]?.newText, ' --progress=dot:giga');
  });

  it('MLD104 keeps quiet on Airflow and Flink bases but reports an explicit USER root left on a non-root base', () => {
    assert.deepEqual(lint('MLD104', 'FROM apache/airflow:2.9.1\nRUN pip install --no-cache-dir -r /requirements.txt\n'), []);
    assert.deepEqual(lint('MLD104', 'FROM flink:1.17.0\nRUN pip3 install --no-cache-dir apache-flink==1.17.0\n'), []);
    // A Nextflow virus-classification image: micromamba runs as mambauser until this USER root.
    const root = lint('MLD104', 'FROM mambaorg/micromamba:0.25.1\nUSER root\nRUN micromamba install -y -n base -f /tmp/env.yaml\n');
    assert.equal(root.length, 1);
    assert.equal(root[0]?.message, 'The image runs as root; switch to an unprivileged user (e.g. USER 10001) after the steps that need root.');
    // docker-stacks' start.sh still switches a root container to jovyan.
    assert.deepEqual(lint('MLD104', 'FROM quay.io/jupyter/scipy-notebook:2024-05-27\nUSER root\n'), []);
  });
});
