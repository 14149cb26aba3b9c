import * as assert from 'node:assert/strict';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import type { WorkspaceFile, WorkspaceFs } from '../../../../src/core/lint/cross/types';
import { classifyYaml } from '../../../../src/core/lint/yaml/classify';

/** An in-memory workspace: path → text. */
function memoryFs(tree: Record<string, string>): WorkspaceFs {
  const dirs = new Set<string>(['']);
  for (const p of Object.keys(tree)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      dirs.add(parts.slice(0, i).join('/'));
    }
  }
  return {
    stat: (p) => (p in tree ? 'file' : dirs.has(p) ? 'dir' : undefined),
    list: (d) => Object.keys(tree).filter((p) => p.startsWith(d === '' ? '' : `${d}/`)).map((p) => p.slice(d === '' ? 0 : d.length + 1).split('/')[0] as string),
    read: (p) => tree[p],
  };
}

/**
 * Lints the tree as the CLI does: the manifests classified as such go to the cross-file pass, the
 * patch files the kustomizations name do not (`patches` lists them).
 */
function lint(tree: Record<string, string>, patches: string[] = []): string[] {
  const files: WorkspaceFile[] = Object.entries(tree)
    .filter(([p, text]) => p.endsWith('.yaml') && !patches.includes(p) && classifyYaml(text, p.split('/').pop() as string) === 'kubernetes')
    .map(([path, text]) => ({ path, kind: 'kubernetes', text }));
  return lintWorkspace(files, { fs: memoryFs(tree) })
    .findings.filter((f) => f.ruleId.startsWith('MLX'))
    .map((f) => `${f.path}:${f.range.start.line}:${f.ruleId}`)
    .sort();
}

const deployment = (extra: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: controller-manager',
    '  namespace: system',
    'spec:',
    '  template:',
    '    spec:',
    '      serviceAccountName: controller-manager',
    '      containers:',
    '        - name: manager',
    '          image: controller:v1',
    extra,
  ].join('\n');

describe('cross-file rules on Kustomize builds', () => {
  it('MLX014: ConfigMaps and Secrets an overlay\'s generators make are in scope, in the overlay\'s namespace', () => {
    // katib installs/katib-standalone: configMapGenerator katib-config, secretGenerator katib-webhook-cert.
    const tree = {
      'installs/standalone/kustomization.yaml': 'namespace: kubeflow\nresources:\n  - ../../components/controller/\nconfigMapGenerator:\n  - name: katib-config\n    files: [katib-config.yaml]\nsecretGenerator:\n  - name: katib-webhook-cert\n    options: {disableNameSuffixHash: true}\n',
      'components/controller/kustomization.yaml': 'resources:\n- controller.yaml\n- trial-templates.yaml\n- secret.yaml\n',
      'components/controller/controller.yaml': deployment(
        [
          '          volumeMounts: [{name: cert, mountPath: /tmp/cert}, {name: katib-config, mountPath: /katib-config.yaml}]',
          '      volumes:',
          '        - name: cert',
          '          secret:',
          '            secretName: katib-webhook-cert',
          '        - name: katib-config',
          '          configMap:',
          '            name: katib-config',
          '        - name: other',
          '          configMap:',
          '            name: not-generated',
        ].join('\n'),
      ),
      'components/controller/trial-templates.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: trial-templates\ndata: {}\n',
      'components/controller/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-secrets\n',
    };
    // The generated ones resolve; a name no generator and no manifest gives is still reported.
    assert.deepEqual(lint(tree), ['components/controller/controller.yaml:23:MLX014']);
  });

  it('MLX006/MLX016/MLX017: labels a kustomization adds (labels includeSelectors/includeTemplates, commonLabels, patches) reach the pods and Services', () => {
    // kueue config/default: the Deployment has no template labels of its own; `labels` adds them.
    const tree = {
      'config/default/kustomization.yaml': [
        'namespace: kueue-system',
        'namePrefix: kueue-',
        'labels:',
        '  - pairs:',
        '      app.kubernetes.io/name: kueue',
        '    includeTemplates: true',
        '  - pairs:',
        '      control-plane: controller-manager',
        '    includeSelectors: true',
        'resources:',
        '- ../components/manager',
        '- ../components/prometheus',
        '- metrics_service.yaml',
        'patches:',
        '- patch: |-',
        '    apiVersion: v1',
        '    kind: Service',
        '    metadata:',
        '      name: controller-manager-metrics-service',
        '      namespace: system',
        '      labels:',
        '        app.kubernetes.io/component: metrics-service',
      ].join('\n'),
      'config/default/metrics_service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: controller-manager-metrics-service\n  namespace: system\nspec:\n  ports: [{name: https, port: 8443, targetPort: 8443}]\n  selector:\n    control-plane: controller-manager\n',
      'config/components/manager/kustomization.yaml': 'resources:\n- manager.yaml\n- policy.yaml\n',
      'config/components/manager/manager.yaml': deployment(''),
      'config/components/manager/policy.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: manager-ingress\n  namespace: system\nspec:\n  podSelector:\n    matchLabels:\n      control-plane: controller-manager\n  policyTypes: [Ingress]\n',
      'config/components/prometheus/kustomization.yaml': 'resources:\n- monitor.yaml\n',
      'config/components/prometheus/monitor.yaml':
        'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: metrics-monitor\n  namespace: system\nspec:\n  endpoints: [{port: https}]\n  selector:\n    matchLabels:\n      app.kubernetes.io/component: metrics-service\n      app.kubernetes.io/name: kueue\n',
      // A pod elsewhere in the namespace, so that the scope guards let the rules run.
      'config/default/other.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: other\n  namespace: system\n  labels: {app: other}\nspec:\n  containers: [{name: c, image: busybox:1}]\n',
    };
    assert.deepEqual(lint({ ...tree, 'config/default/kustomization.yaml': tree['config/default/kustomization.yaml'].replace('- metrics_service.yaml', '- metrics_service.yaml\n- other.yaml') }), []);
  });

  it('MLX007: a container port a kustomize patch adds (kube-rbac-proxy `https`) is a port of the pods', () => {
    const tree = {
      'config/default/kustomization.yaml': 'namespace: kfserving-system\nresources:\n- ../manager\n- ../rbac\npatchesStrategicMerge:\n- manager_auth_proxy_patch.yaml\n',
      'config/default/manager_auth_proxy_patch.yaml':
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: manager\n  namespace: kfserving-system\nspec:\n  template:\n    spec:\n      containers:\n      - name: kube-rbac-proxy\n        image: gcr.io/kubebuilder/kube-rbac-proxy:v0.4.0\n        ports:\n        - containerPort: 8443\n          name: https\n',
      'config/manager/kustomization.yaml': 'resources:\n- manager.yaml\n',
      'config/manager/manager.yaml':
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: manager\nspec:\n  selector: {matchLabels: {control-plane: manager}}\n  template:\n    metadata:\n      labels: {control-plane: manager}\n    spec:\n      containers:\n      - name: manager\n        image: ctrl:v1\n        ports: [{containerPort: 9876, name: webhook-server}]\n',
      'config/rbac/kustomization.yaml': 'resources:\n- auth_proxy_service.yaml\n',
      'config/rbac/auth_proxy_service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: metrics-service\nspec:\n  ports:\n  - name: https\n    port: 8443\n    targetPort: https\n  - name: typo\n    port: 9000\n    targetPort: metricz\n  selector: {control-plane: manager}\n',
    };
    // `https` comes from the patch; `metricz` is still nowhere.
    assert.deepEqual(lint(tree, ['config/default/manager_auth_proxy_patch.yaml']), ['config/rbac/auth_proxy_service.yaml:12:MLX007']);
  });

  it('MLX007: a JSON 6902 patch on the containers leaves the ports unknown', () => {
    const tree = {
      'overlay/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: ops.yaml\n  target: {kind: Deployment, name: web}\n',
      'overlay/ops.yaml': '- op: add\n  path: /spec/template/spec/containers/-\n  value: {name: proxy, image: proxy:v1}\n',
      'base/kustomization.yaml': 'resources:\n- app.yaml\n',
      'base/app.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: web:v1, ports: [{containerPort: 80, name: http}]}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 443, targetPort: proxy}]\n',
    };
    assert.deepEqual(lint(tree, ['overlay/ops.yaml']), []);
    // Without the overlay in reach, the base alone has no such port.
    const base = Object.fromEntries(Object.entries(tree).filter(([p]) => p.startsWith('base/')));
    assert.deepEqual(lint(base), ['base/app.yaml:19:MLX007']);
  });

  it('reads nothing odd: cycles, unreadable kustomizations, patches that are not YAML, and no fs at all', () => {
    const tree = {
      'a/kustomization.yaml': 'resources: [../b, x.yaml]\npatches: [{path: p.yaml}, {patch: "[: not yaml"}]\nconfigMapGenerator: [{name: 7}, {}]\nlabels: [{pairs: {a: {b: c}}}, 3]\n',
      'a/p.yaml': '{{ .Values.broken }}',
      'b/kustomization.yaml': 'resources: [../a]\n',
      'a/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      'c/kustomization.yaml': 'resources: [\n',
      'c/y.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n',
    };
    assert.deepEqual(lint(tree, ['a/p.yaml']), []);
    const files: WorkspaceFile[] = [{ path: 'a/x.yaml', kind: 'kubernetes', text: tree['a/x.yaml'] }];
    assert.deepEqual(lintWorkspace(files, {}).problems, []);
  });
});

describe('cross-file rules on Kustomize builds: many ways down', () => {
  const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: registry.example/web:1.0, ports: [{containerPort: 80}]}]\n';

  it('the ways through a then b and through a/b are different builds (a patch in a/b still counts)', () => {
    const patch = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
    const tree = {
      'x/deploy.yaml': web,
      'x/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web, tier: web}\n  ports: [{port: 80, targetPort: 80}]\n',
      'x/kustomization.yaml': 'resources: [deploy.yaml, svc.yaml]\n',
      'a/kustomization.yaml': 'resources: [../b]\npatches:\n  - path: pa.yaml\n',
      'a/pa.yaml': patch('pa'),
      'b/kustomization.yaml': 'resources: [../x]\npatches:\n  - path: pb.yaml\n',
      'b/pb.yaml': patch('pb'),
      'a/b/kustomization.yaml': 'resources: [../../x]\npatches:\n  - path: tier.yaml\n',
      'a/b/tier.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {tier: web}}\n',
      'top/kustomization.yaml': 'resources: [../a, ../a/b]\n',
    };
    assert.deepEqual(lint(tree, ['a/pa.yaml', 'b/pb.yaml', 'a/b/tier.yaml']), []);
  });

  it('a base reached by a thousand ways is merged per namespace: the same findings as through one way', () => {
    const tree: Record<string, string> = { 'base/deploy.yaml': web, 'base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n', 'base/kustomization.yaml': 'resources: [deploy.yaml, svc.yaml]\n' };
    const layers = 10;
    for (let i = 1; i <= layers; i++) {
      for (const v of ['a', 'b']) {
        const below = i < layers ? `[../l${i + 1}a, ../l${i + 1}b]` : '[../base]';
        // The top two set namespaces: the base is in prod and in staging, and says each finding once.
        const namespace = i === 1 ? `namespace: ${v === 'a' ? 'prod' : 'staging'}\n` : '';
        tree[`l${i}${v}/kustomization.yaml`] = `${namespace}resources: ${below}\npatches:\n  - path: p.yaml\n`;
        tree[`l${i}${v}/p.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}${v}}\n`;
      }
    }
    const patches = Object.keys(tree).filter((p) => p.endsWith('/p.yaml'));
    assert.deepEqual(lint(tree, patches), ['base/svc.yaml:6:MLX007']);
  });

  it('an overlay folder may have a dot in its name (clusters/prod.example.com), and may be called build or out', () => {
    for (const overlay of ['clusters/prod.example.com', 'build', 'out']) {
      const tree = {
        'base/kustomization.yaml': 'resources: [deploy.yaml, service.yaml]\n',
        'base/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {tier: api}}\n  template:\n    metadata: {labels: {tier: api}}\n    spec:\n      containers: [{name: web, image: "example/web:1.0"}]\n',
        'base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web, tier: api}\n  ports: [{port: 80}]\n',
        [`${overlay}/kustomization.yaml`]: `resources: [${overlay.includes('/') ? '../../base' : '../base'}]\nnamespace: prod\ncommonLabels: {app: web}\n`,
      };
      assert.deepEqual(lint(tree), [], overlay);
    }
  });

  it('the same finding in several overlay namespaces is reported once, naming them all', () => {
    const tree = {
      'base/kustomization.yaml': 'resources: [deploy.yaml, service.yaml]\n',
      'base/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {tier: api}}\n  template:\n    metadata: {labels: {tier: api}}\n    spec:\n      containers: [{name: web, image: "example/web:1.0"}]\n',
      'base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web, tier: api}\n  ports: [{port: 80}]\n',
      'overlays/dev/kustomization.yaml': 'resources: [../../base]\nnamespace: dev\n',
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\nnamespace: prod\n',
      'overlays/staging/kustomization.yaml': 'resources: [../../base]\nnamespace: staging\n',
    };
    const files: WorkspaceFile[] = ['base/deploy.yaml', 'base/service.yaml'].map((path) => ({ path, kind: 'kubernetes', text: tree[path as keyof typeof tree] }));
    const findings = lintWorkspace(files, { fs: memoryFs(tree) }).findings.filter((f) => f.ruleId === 'MLX006');
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /in namespace dev, prod, staging;/);
  });

  it('kustomizations the caller already found are all read, past the cap on those found beside the files (a repository of 300 services)', () => {
    const tree: Record<string, string> = {};
    const known: string[] = [];
    for (let i = 0; i < 300; i++) {
      const svc = `services/svc${i}`;
      tree[`${svc}/base/kustomization.yaml`] = 'resources: [deploy.yaml, service.yaml]\n';
      tree[`${svc}/base/deploy.yaml`] = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: svc${i}}\nspec:\n  selector: {matchLabels: {tier: api}}\n  template:\n    metadata: {labels: {tier: api}}\n    spec:\n      containers: [{name: api, image: "example/api:1.0"}]\n`;
      tree[`${svc}/base/service.yaml`] = `apiVersion: v1\nkind: Service\nmetadata: {name: svc${i}}\nspec:\n  selector: {app: svc${i}, tier: api}\n  ports: [{port: 80}]\n`;
      known.push(`${svc}/base`);
      for (const env of ['dev', 'prod', 'staging']) {
        tree[`${svc}/overlays/${env}/kustomization.yaml`] = `resources: [../../base]\nnamespace: svc${i}-${env}\ncommonLabels: {app: svc${i}}\n`;
        known.push(`${svc}/overlays/${env}`);
      }
    }
    const files: WorkspaceFile[] = Object.keys(tree).filter((p) => !p.endsWith('kustomization.yaml')).map((path) => ({ path, kind: 'kubernetes', text: tree[path] as string }));
    const mlx006 = (dirs?: string[]) => lintWorkspace(files, { fs: memoryFs(tree), ...(dirs ? { kustomizationDirs: dirs } : {}) }).findings.filter((f) => f.ruleId === 'MLX006').length;
    assert.equal(mlx006(known), 0);
  });
});

describe('cross-file rules on Kustomize builds: namePrefix and nameSuffix', () => {
  // kueue config/kueueviz (namePrefix: kueue-, namespace: kueue-system) over config/components/kueueviz,
  // and an overlay above it that names the dashboard as it is deployed: kueue-kueueviz-frontend.
  const kueueviz = {
    'config/kueueviz/kustomization.yaml': 'namespace: kueue-system\nnamePrefix: kueue-\nlabels:\n  - pairs:\n      app.kubernetes.io/name: kueue\n      app.kubernetes.io/component: dashboard\nresources:\n  - ../components/kueueviz/\n',
    'config/components/kueueviz/kustomization.yaml': 'resources:\n- frontend-deployment.yaml\n- frontend-service.yaml\n- frontend-ingress.yaml\n',
    'config/components/kueueviz/frontend-service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kueueviz-frontend\n  namespace: system\nspec:\n  ports:\n    - port: 8080\n      targetPort: 8080\n  selector:\n    app: kueueviz-frontend\n',
    'config/components/kueueviz/frontend-deployment.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: kueueviz-frontend',
      '  namespace: system',
      'spec:',
      '  selector:',
      '    matchLabels:',
      '      app: kueueviz-frontend',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: kueueviz-frontend',
      '    spec:',
      '      containers:',
      '        - name: frontend',
      '          image: frontend:v1',
      '          ports:',
      '            - containerPort: 8080',
      '          resources: {requests: {cpu: 500m}}',
    ].join('\n'),
    'config/components/kueueviz/frontend-ingress.yaml':
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: kueueviz-frontend-ingress\n  namespace: system\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: kueueviz-frontend\n                port:\n                  number: 8080\n',
    'config/prod/kustomization.yaml': 'resources:\n  - ../kueueviz\n  - ingress.yaml\n  - hpa.yaml\n',
    'config/prod/ingress.yaml':
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: dashboard\n  namespace: kueue-system\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: kueue-kueueviz-frontend\n                port:\n                  number: 8080\n',
    'config/prod/hpa.yaml':
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: dashboard\n  namespace: kueue-system\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: kueue-kueueviz-frontend\n  minReplicas: 1\n  maxReplicas: 3\n',
  };

  it('MLX008/MLX009: a reference to the prefixed name (as deployed) resolves, as one to the name as written does', () => {
    assert.deepEqual(lint(kueueviz), []);
  });

  it('MLX008/MLX009: a name the prefix does not explain is still reported', () => {
    const tree = { ...kueueviz, 'config/prod/hpa.yaml': kueueviz['config/prod/hpa.yaml'].replace('kueue-kueueviz-frontend', 'kueue-kueueviz-backend') };
    tree['config/prod/ingress.yaml'] = tree['config/prod/ingress.yaml'].replace('kueue-kueueviz-frontend', 'kueueviz-frontend-svc');
    assert.deepEqual(lint(tree), ['config/prod/hpa.yaml:10:MLX009', 'config/prod/ingress.yaml:14:MLX008']);
  });

  it('MLX010: the HPA that names the prefixed Deployment finds it, so its replicas are reported', () => {
    const tree = { ...kueueviz, 'config/components/kueueviz/frontend-deployment.yaml': kueueviz['config/components/kueueviz/frontend-deployment.yaml'].replace('spec:\n  selector:', 'spec:\n  replicas: 1\n  selector:') };
    assert.deepEqual(lint(tree), ['config/components/kueueviz/frontend-deployment.yaml:7:MLX010']);
  });

  it('MLX014/MLX015: prefixes and suffixes nest (outer prefix first, outer suffix last), generated names too', () => {
    const tree = {
      'overlay/kustomization.yaml': 'namePrefix: team-\nnameSuffix: -v2\nresources:\n  - ../base\n  - consumer.yaml\n',
      'base/kustomization.yaml': 'namespace: ml\nnamePrefix: app-\nnameSuffix: -x\nresources:\n  - sa.yaml\n  - cm.yaml\nconfigMapGenerator:\n  - name: settings\n    literals: [A=1]\n',
      'base/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n',
      'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n',
      'overlay/consumer.yaml': [
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        '  name: consumer',
        '  namespace: ml',
        'spec:',
        '  template:',
        '    spec:',
        '      serviceAccountName: team-app-runner-x-v2',
        '      containers:',
        '        - name: c',
        '          image: busybox:1.36',
        '          envFrom:',
        '            - configMapRef: {name: team-app-settings-x-v2}',
        '            - configMapRef: {name: app-team-settings-v2-x}',
        '      volumes:',
        '        - name: cfg',
        '          configMap: {name: team-app-other-x-v2}',
      ].join('\n'),
    };
    // Only the reference with the affixes in the wrong order is missing.
    assert.deepEqual(lint(tree), ['overlay/consumer.yaml:15:MLX014']);
  });

  it('MLX006: a patch may name its target as prefixed so far; its pod labels reach the Service', () => {
    const tree = {
      'overlay/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: kf-web\n      spec:\n        template:\n          metadata:\n            labels:\n              tier: web\n',
      'base/kustomization.yaml': 'namePrefix: kf-\nresources:\n  - web.yaml\n  - svc.yaml\n',
      'base/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n',
      'base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {tier: web}\n  ports: [{port: 80}]\n',
    };
    assert.deepEqual(lint(tree), []);
  });

  describe('nested prefixes: a level sees the names its bases gave, never its own or those above', () => {
    // An overlay with its own namePrefix over a base with one (kubeflow's and kueue's overlays nest so):
    // kustomize applies the overlay's patches before its prefix, matching `web` or `kf-web`, never `o-kf-web`.
    const patch = (name: string) => `namePrefix: o-\nresources:\n  - ../base\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: ${name}\n      spec:\n        template:\n          metadata:\n            labels:\n              tier: web\n`;
    const tree = (overlay: string) => ({
      'overlay/kustomization.yaml': overlay,
      'base/kustomization.yaml': 'namePrefix: kf-\nresources:\n  - web.yaml\n  - svc.yaml\n',
      'base/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n',
      'base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {tier: web}\n  ports: [{port: 80}]\n',
    });

    it('MLX006: a patch naming the base\'s name (kf-web) or the original (web) reaches the pods', () => {
      assert.deepEqual(lint(tree(patch('kf-web'))), []);
      assert.deepEqual(lint(tree(patch('web'))), []);
    });

    it('MLX006: a patch naming the name with its own prefix (o-kf-web) matches nothing, so the Service selects nothing', () => {
      assert.deepEqual(lint(tree(patch('o-kf-web'))), ['base/svc.yaml:6:MLX006']);
      // A suffix the same: applied after the patch.
      assert.deepEqual(lint(tree(patch('kf-web-x').replace('namePrefix: o-', 'nameSuffix: -x'))), ['base/svc.yaml:6:MLX006']);
    });

    it('MLX009: a reference written with any name the object had resolves (kustomize rewrites earlier names)', () => {
      const hpa = (name: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}\n  maxReplicas: 2\n`;
      const mlx009 = (name: string) => lint({ ...tree('namePrefix: o-\nresources:\n  - ../base\n  - hpa.yaml\n'), 'overlay/hpa.yaml': hpa(name) }).filter((f) => f.endsWith('MLX009'));
      for (const name of ['web', 'kf-web', 'o-kf-web']) {
        assert.deepEqual(mlx009(name), [], name);
      }
      assert.deepEqual(mlx009('o-web'), ['overlay/hpa.yaml:6:MLX009']);
    });

    it('a JSON 6902 patch runs after its own prefix: it may name the target with it', () => {
      const overlay = 'namePrefix: o-\nresources:\n  - ../base\npatchesJson6902:\n  - target: {group: apps, version: v1, kind: Deployment, name: o-kf-web}\n    patch: |-\n      - op: add\n        path: /spec/template/metadata/labels/tier\n        value: web\n';
      assert.deepEqual(lint(tree(overlay)), []);
    });
  });

  describe('a patch with a target: selector matches the original name or the current one, not those in between', () => {
    // kustomize's Select (resmap/reswrangler.go) tries the original name, then the current one; a patch
    // without a target is looked up by any id the object had (GetById). Layout as above (kubeflow's and
    // kueue's prefixed overlays), with one more prefixed level between the base and the patching overlay.
    const selector = (name: string) => `resources:\n  - ../mid\npatches:\n  - target: {kind: Deployment, name: ${name}}\n    patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: any\n      spec:\n        template:\n          metadata:\n            labels:\n              tier: web\n`;
    const tree = (top: string) => ({
      'top/kustomization.yaml': top,
      'mid/kustomization.yaml': 'namePrefix: o-\nresources:\n  - ../base\n',
      'base/kustomization.yaml': 'namePrefix: kf-\nresources:\n  - web.yaml\n  - svc.yaml\n',
      'base/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n',
      'base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {tier: web}\n  ports: [{port: 80}]\n',
    });

    it('MLX006: a target naming the original (web) or the current name (o-kf-web) reaches the pods', () => {
      assert.deepEqual(lint(tree(selector('web'))), []);
      assert.deepEqual(lint(tree(selector('o-kf-web'))), []);
    });

    it('MLX006: a target naming a name in between (kf-web) matches nothing, so the Service selects nothing', () => {
      assert.deepEqual(lint(tree(selector('kf-web'))), ['base/svc.yaml:6:MLX006']);
    });

    it('MLX006: the same patch without a target, naming kf-web in its metadata, is found by that earlier name', () => {
      const byId = 'resources:\n  - ../mid\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: kf-web\n      spec:\n        template:\n          metadata:\n            labels:\n              tier: web\n';
      assert.deepEqual(lint(tree(byId)), []);
    });
  });

  it('a deep diamond of prefixed overlays is walked once per build, and unrelated builds are not cut off', () => {
    const tree: Record<string, string> = {
      'base/kustomization.yaml': 'resources: [deploy.yaml, svc.yaml]\n',
      'base/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n',
      'base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
    };
    const layers = 14;
    for (let i = 1; i <= layers; i++) {
      for (const v of ['a', 'b']) {
        tree[`l${i}${v}/kustomization.yaml`] = `namePrefix: p${i}${v}-\nresources: ${i < layers ? `[../l${i + 1}a, ../l${i + 1}b]` : '[../base]'}\n`;
      }
    }
    // Elsewhere, an overlay whose commonLabels the Service's selector needs.
    Object.assign(tree, {
      'zz/base/kustomization.yaml': 'resources: [deploy.yaml, svc.yaml]\n',
      'zz/base/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    metadata: {labels: {tier: api}}\n    spec:\n      containers: [{name: api, image: "nginx:1.27"}]\n',
      'zz/base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api, tier: api}\n  ports: [{port: 80}]\n',
      'zz/prod/kustomization.yaml': 'resources: [../base]\nnamespace: prod\ncommonLabels: {app: api}\n',
    });
    assert.deepEqual(lint(tree), []);
  });

  it('ways that meet below (a diamond) keep each one\'s names, though the base is walked once per build', () => {
    const hpa = (name: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}\n  maxReplicas: 2\n`;
    const tree = {
      'top/kustomization.yaml': 'resources: [../a, ../b, hpa.yaml]\n',
      'top/hpa.yaml': `${hpa('a-web')}---\n${hpa('b-web')}---\n${hpa('c-web')}`,
      'a/kustomization.yaml': 'namePrefix: a-\nresources: [../mid]\n',
      'b/kustomization.yaml': 'namePrefix: b-\nresources: [../mid]\n',
      'mid/kustomization.yaml': 'resources: [../base]\n',
      'base/kustomization.yaml': 'resources: [web.yaml]\n',
      'base/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n',
    };
    assert.deepEqual(lint(tree), ['top/hpa.yaml:22:MLX009']);
  });

  it('stays bounded on a cycle of kustomizations that each add a prefix', () => {
    const tree = {
      'a/kustomization.yaml': 'namePrefix: a-\nresources:\n  - ../b\n  - hpa.yaml\n',
      'b/kustomization.yaml': 'namePrefix: b-\nresources:\n  - ../a\n  - web.yaml\n',
      'a/hpa.yaml': 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 2\n',
      'b/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n',
    };
    assert.deepEqual(lint(tree), []);
  });
});

describe('cross-file rules on Kustomize builds: replacements', () => {
  // The shape of a shared component whose HPA and Service are pointed at the app by the overlay's
  // `replacements` (as public GitOps trees do for KEDA ScaledObjects: spec.scaleTargetRef.name from the
  // app's metadata.name); the placeholders in the component are never applied.
  const tree = (select: string) => ({
    'apps/trainer/kustomization.yaml': [
      'namespace: ml',
      'components:',
      '  - ../../components/autoscale',
      'resources:',
      '  - deployment.yaml',
      'replacements:',
      '  - source:',
      '      kind: Deployment',
      '      name: trainer-api',
      '      fieldPath: metadata.name',
      '    targets:',
      '      - select:',
      `          kind: ${select}`,
      '        fieldPaths:',
      '          - spec.scaleTargetRef.name',
      '  - source:',
      '      kind: Deployment',
      '      name: trainer-api',
      '      fieldPath: spec.template.metadata.labels.app',
      '    targets:',
      '      - select: {kind: Service, name: app}',
      '        fieldPaths: [spec.selector.app]',
      '',
    ].join('\n'),
    'apps/trainer/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: trainer-api\nspec:\n  template:\n    metadata:\n      labels: {app: trainer-api}\n    spec:\n      containers: [{name: api, image: "api:1.0", resources: {requests: {cpu: 1}}}]\n',
    'components/autoscale/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - hpa.yaml\n  - service.yaml\n',
    'components/autoscale/hpa.yaml': 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: app\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app}\n  maxReplicas: 4\n',
    'components/autoscale/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: app\nspec:\n  selector: {app: app}\n  ports: [{port: 80}]\n',
  });

  it('MLX006/MLX009: a field a replacement writes is not judged by its placeholder', () => {
    assert.deepEqual(lint(tree('HorizontalPodAutoscaler')), []);
  });

  describe('MLX008: only the fields a replacement writes go unjudged', () => {
    const ingress = (fieldPath: string) => ({
      'app/kustomization.yaml': `resources: [ingress.yaml, service.yaml, env.yaml]\nreplacements:\n  - source: {kind: ConfigMap, name: env, fieldPath: data.host}\n    targets:\n      - select: {kind: Ingress}\n        fieldPaths:\n          - ${fieldPath}\n`,
      'app/env.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: env}\ndata: {host: api.example.com}\n',
      'app/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n',
      'app/ingress.yaml': [
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata: {name: api}',
        'spec:',
        '  rules:',
        '    - host: placeholder',
        '      http:',
        '        paths:',
        '          - path: /',
        '            pathType: Prefix',
        '            backend:',
        '              service:',
        '                name: api-svc',
        '                port: {number: 80}',
        '',
      ].join('\n'),
    });

    it('a replacement that writes the host leaves the backend judged', () => {
      assert.deepEqual(lint(ingress('spec.rules.0.host')), ['app/ingress.yaml:13:MLX008']);
      assert.deepEqual(lint(ingress('spec.rules.*.host')), ['app/ingress.yaml:13:MLX008']);
      assert.deepEqual(lint(ingress('spec.rules.1.http.paths.0.backend.service.name')), ['app/ingress.yaml:13:MLX008']);
    });

    it('a replacement that writes the backend (by index, *, or [key=value]) is not judged by its placeholder', () => {
      for (const path of ['spec.rules.0.http.paths.0.backend.service.name', 'spec.rules.*.http.paths.*.backend.service.name', 'spec.rules.[host=placeholder].http.paths.[path=/].backend', 'spec.rules']) {
        assert.deepEqual(lint(ingress(path)), [], path);
      }
    });
  });

  it('MLX009: a replacement that targets other objects leaves the HPA judged', () => {
    assert.deepEqual(lint(tree('ScaledObject')), ['components/autoscale/hpa.yaml:6:MLX009']);
  });

  describe('replacements in a file (`replacements: [{path: …}]`)', () => {
    // home-operations-style GitOps trees keep the replacement in a shared file
    // (`replacements: [{path: ../../components/replacements/ks.yaml}]`); kustomize reads a list of
    // replacements there, or a single one (as in its own docs' replacement.yaml).
    const inline = tree('HorizontalPodAutoscaler')['apps/trainer/kustomization.yaml'];
    const [head, list] = inline.split('replacements:\n') as [string, string];
    const unindented = list.replace(/^ {2}/gm, '');
    const withFile = (rel: string, file: string, text: string) => ({ ...tree('HorizontalPodAutoscaler'), 'apps/trainer/kustomization.yaml': `${head}replacements:\n  - path: ${rel}\n`, [file]: text });

    it('MLX006/MLX009: a list of replacements in a file is read like the inline form', () => {
      assert.deepEqual(lint(withFile('../../components/replacements/app.yaml', 'components/replacements/app.yaml', unindented)), []);
    });

    it('MLX009: a file holding one replacement (a mapping) is read too', () => {
      const first = unindented.split('- source:').filter((e) => e.trim() !== '')[0] as string;
      const single = `source:${first}`.replace(/^ {2}/gm, '');
      assert.deepEqual(lint(withFile('replacement.yaml', 'apps/trainer/replacement.yaml', single)), ['components/autoscale/service.yaml:6:MLX006']);
    });

    it('a missing file, or one above the workspace, writes nothing: the placeholders are judged', () => {
      const judged = ['components/autoscale/hpa.yaml:6:MLX009', 'components/autoscale/service.yaml:6:MLX006'];
      assert.deepEqual(lint(withFile('missing.yaml', 'apps/trainer/other.yaml', unindented)), judged);
      assert.deepEqual(lint(withFile('../../../app.yaml', 'apps/trainer/other.yaml', unindented)), judged);
    });
  });
});
