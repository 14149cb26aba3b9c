import * as assert from 'node:assert/strict';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import type { Finding } from '../../../../src/core/lint/types';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { fixtureSchemas } from './support';

/** Findings of `id`, validated against the bundled schemas (1.34 unless `kubernetesVersion` targets another minor for the API-version rules). */
function findingsOf(text: string, id: string, kubernetesVersion?: string): Finding[] {
  const parsed = kubernetesVersion !== undefined ? parseMlcConfig(`rules:\n  ${id}: { options: { kubernetesVersion: "${kubernetesVersion}" } }\n`) : undefined;
  const config = parsed?.ok ? { config: parsed.config } : {};
  return lintManifest(text, { schemas: fixtureSchemas(), ...config }).findings.filter((f) => f.ruleId === id);
}

const messagesOf = (text: string, id: string, kubernetesVersion?: string): string[] => findingsOf(text, id, kubernetesVersion).map((f) => f.message);

const claimTemplate = (apiVersion: string, request: string) =>
  `apiVersion: ${apiVersion}\nkind: ResourceClaimTemplate\nmetadata: {name: one-gpu}\nspec:\n  spec:\n    devices:\n      requests:\n        - name: gpu\n${request}`;
const v1beta1Template = claimTemplate('resource.k8s.io/v1beta1', '          deviceClassName: gpu.nvidia.com\n');
const deviceClass = (apiVersion: string) => `apiVersion: ${apiVersion}\nkind: DeviceClass\nmetadata: {name: gpu.example.com}\nspec:\n  selectors:\n    - cel: {expression: 'device.driver == "gpu.example.com"'}\n`;

describe('DRA beta API versions go through the API-version table, not the schema', () => {
  it('MLK002 at 1.34 reports no "not served" error for a valid v1beta1 or v1beta2 object', () => {
    assert.deepEqual(messagesOf(v1beta1Template, 'MLK002'), []);
    assert.deepEqual(messagesOf(deviceClass('resource.k8s.io/v1beta1'), 'MLK002'), []);
    assert.deepEqual(messagesOf(deviceClass('resource.k8s.io/v1beta2'), 'MLK002'), []);
  });

  it('MLK002 still checks the object against the beta schema: a misspelt field or a v1-only field shows', () => {
    assert.deepEqual(messagesOf(claimTemplate('resource.k8s.io/v1beta1', '          deviceClasName: gpu.nvidia.com\n'), 'MLK002'), [
      'spec.spec.devices.requests[0].deviceClasName: Unknown field "deviceClasName". Did you mean "deviceClassName"?',
    ]);
    const v1Shape = messagesOf(claimTemplate('resource.k8s.io/v1beta1', '          exactly: {deviceClassName: gpu.nvidia.com}\n'), 'MLK002');
    assert.ok(v1Shape.some((m) => m.includes('"exactly"')), v1Shape.join('\n'));
  });

  it('MLK002 still says a DRA kind is not served in a version Kubernetes never had', () => {
    assert.equal(messagesOf(deviceClass('resource.k8s.io/v1beta3'), 'MLK002').length, 1);
  });

  it('MLK004 at 1.34: a beta the API server serves only where the provider enables it; DeviceClass moves as it is', () => {
    const [f] = findingsOf(deviceClass('resource.k8s.io/v1beta1'), 'MLK004');
    assert.equal(
      f?.message,
      'DeviceClass resource.k8s.io/v1beta1 is a beta API: the API server rejects it unless your provider enables it (Kubernetes serves resource.k8s.io/v1 by default from 1.34), and it is deprecated in 1.35; move to resource.k8s.io/v1.',
    );
    assert.equal(f?.fix?.edits[0]?.newText, 'resource.k8s.io/v1');
  });

  it('MLK004: a v1beta1 claim gets no fix, its requests move under exactly:', () => {
    const [f] = findingsOf(v1beta1Template, 'MLK004');
    assert.match(f?.message ?? '', /; move to resource\.k8s\.io\/v1 \(each device request's deviceClassName, selectors, allocationMode and count move under `exactly:`\)\.$/);
    assert.equal(f?.fix, undefined);
    assert.ok(findingsOf(claimTemplate('resource.k8s.io/v1beta2', '          exactly: {deviceClassName: gpu.nvidia.com}\n'), 'MLK004')[0]?.fix, 'v1 kept v1beta2 fields');
  });

  it('MLK004 by target: nothing before 1.34 (no GA version yet), deprecated from 1.35, MLK003 from 1.38', () => {
    assert.deepEqual(messagesOf(v1beta1Template, 'MLK004', '1.33'), []);
    assert.match(messagesOf(v1beta1Template, 'MLK004', '1.36')[0] ?? '', /^ResourceClaimTemplate resource\.k8s\.io\/v1beta1 is deprecated and stops being served in Kubernetes 1\.38, and until then the API server rejects it unless your provider enables it/);
    assert.deepEqual(messagesOf(v1beta1Template, 'MLK004', '1.38'), []);
    assert.match(messagesOf(v1beta1Template, 'MLK003', '1.38')[0] ?? '', /^ResourceClaimTemplate resource\.k8s\.io\/v1beta1 was removed in Kubernetes 1\.38/);
    assert.deepEqual(messagesOf(v1beta1Template, 'MLK003'), []);
    assert.match(messagesOf(deviceClass('resource.k8s.io/v1beta2'), 'MLK004', '1.36')[0] ?? '', /stops being served in Kubernetes 1\.39/);
  });

  it('resource.k8s.io/v1 is none of this', () => {
    const v1 = claimTemplate('resource.k8s.io/v1', '          exactly: {deviceClassName: gpu.nvidia.com}\n');
    for (const id of ['MLK002', 'MLK003', 'MLK004']) {
      assert.deepEqual(messagesOf(v1, id), [], id);
    }
  });
});
