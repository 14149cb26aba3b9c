import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { configFromValue, parseMlcConfig, type ConfigResult } from '../../../../src/core/lint/config';
import { lintDockerfile } from '../../../../src/core/lint/engine';
import { mutated } from './support/mutate';
import { allRegisteredRules } from './support/registries';
import { checkProperty, propertyRuns, timeoutFor } from './support/runs';

const sampleDockerfile = 'ARG CUDA=12.4.1\nFROM nvidia/cuda:${CUDA}-devel-ubuntu22.04 AS build\nRUN pip install torch && apt-get install curl\nCOPY models/ /models/\nFROM build\nCMD python serve.py\n';

function assertShape(result: ConfigResult): void {
  if (result.ok) {
    assert.equal(typeof result.config.rules, 'object');
    assert.ok(Array.isArray(result.config.ignore));
  } else {
    assert.ok(result.errors.length > 0 && result.errors.every((e) => typeof e === 'string' && e.length > 0), 'errors must be non-empty messages');
  }
}

/**
 * Sizes stay small and huge tokens ≤ 300 characters: parseMlcConfig spends ~0.4 s on a 2,000-deep
 * `[[[…` (the yaml package), which would dominate the sample; that cost is reported, not asserted here.
 */
describe('property: .mlc.yaml parsing never throws', function () {
  this.timeout(timeoutFor(propertyRuns));
  let realistic: fc.Arbitrary<string>;

  before(async () => {
    const ids = (await allRegisteredRules()).map((r) => r.meta.id);
    const small = fc.jsonValue({ maxDepth: 2, depthSize: 'small' });
    const id = fc.oneof(fc.constantFrom(...ids), fc.constantFrom('MLD999', 'mld001', 'DL3008', 'MLK', ''));
    const setting = fc.oneof(fc.constantFrom('error', 'warning', 'info', 'hint', 'off', 'on', 'style', true, false, 0, null), fc.record({ severity: fc.constantFrom('error', 'off', 'bogus'), options: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), small, { maxKeys: 3 }), fc.constant('x')) }, { requiredKeys: [] }));
    const doc = fc.record({
      extends: fc.oneof(fc.constant('../base.mlc.yaml'), fc.integer()),
      failOn: fc.constantFrom('error', 'warning', 'none', false, 'bogus', 3),
      rules: fc.oneof(fc.dictionary(id, setting, { maxKeys: 6 }), fc.constant([]), fc.constant('all')),
      ignore: fc.oneof(fc.array(fc.record({ paths: fc.oneof(fc.array(fc.constantFrom('**/Dockerfile', 'legacy/**', '[', '**', ''), { maxLength: 3 }), fc.string({ maxLength: 12 })), rules: fc.array(id), reason: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()) }, { requiredKeys: [] }), { maxLength: 3 }), fc.constant({})),
      buildArgs: fc.oneof(fc.dictionary(fc.constantFrom('CUDA', 'BASE', '__proto__', 'constructor', 'x y'), fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }))), fc.constant('CUDA=12')),
      trustedRegistries: fc.oneof(fc.array(fc.constantFrom('docker.io', 'ghcr.io', 'registry.example:5000', '')), fc.constant('ghcr.io'), fc.array(fc.integer())),
      dockerfiles: fc.dictionary(fc.constantFrom('Dockerfile', 'docker/train.Dockerfile', '__proto__'), fc.oneof(fc.record({ target: fc.constantFrom('build', 'runtime', 'nosuch'), context: fc.constant('.') }, { requiredKeys: [] }), fc.string({ maxLength: 8 }))),
      secrets: fc.oneof(fc.record({ allow: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }), names: fc.oneof(fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }), fc.integer()) }, { requiredKeys: [] }), fc.constant(null)),
      ml: fc.record({ bakeWeights: fc.oneof(fc.boolean(), fc.string()) }, { requiredKeys: [] }),
      project: fc.oneof(fc.record({ cpuOnly: fc.oneof(fc.boolean(), fc.constant('yes')) }, { requiredKeys: [] }), fc.constant(1)),
      compat: fc.record({ foreignPragmas: fc.boolean() }, { requiredKeys: [] }),
      requireReasons: fc.oneof(fc.boolean(), fc.constant('no')),
      cluster: small,
      bogusKey: small,
    }, { requiredKeys: [] });
    realistic = doc.map((d) => stringify(d));
  });

  it('parseMlcConfig returns ok or errors for realistic, mutated and junk YAML', () => {
    const anchors = fc.constantFrom('a: &a [1,2]\nb: *a\n', 'a: &a [*a]\n', 'x: 1\nx: 2\n', 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', '%YAML 1.2\n---\n---\n', '!!binary aGk=', '? [a]\n: b\n', 'rules: {MLD001: off}\n...\nmore', '\t- tab', '{', ']', '"', 'a: b: c');
    const arb = fc.oneof(
      { arbitrary: realistic, weight: 4 },
      { arbitrary: mutated(realistic, 3, 300), weight: 4 },
      { arbitrary: anchors, weight: 1 },
      { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => stringify(v)), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
    );
    checkProperty('config-parse', arb, (text) => {
      assertShape(parseMlcConfig(text));
    });
  });

  it('configFromValue never throws on arbitrary values, and a valid config lints without internal errors', () => {
    const arb = fc.oneof(fc.anything({ withObjectString: true, withNullPrototype: true, withMap: true, withSet: true }), realistic.map((t) => parseMlcConfig(t)).map((r) => (r.ok ? r.config : null)));
    checkProperty('config-value', arb, (value) => {
      const result = configFromValue(value);
      assertShape(result);
      if (result.ok) {
        const { problems } = lintDockerfile(sampleDockerfile, { config: result.config, path: 'Dockerfile' });
        assert.deepEqual(problems.filter((p) => p.message.startsWith('internal error')), []);
      }
    });
  });
});
