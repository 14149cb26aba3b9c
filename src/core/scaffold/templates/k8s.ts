/** Kubernetes manifest templates (data). */
const indent = (text: string, spaces: number) => text.replace(/^(?=.)/gm, ' '.repeat(spaces));

const podSecurity = `      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault`;

const containerSecurity = `          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]`;

const gpuScheduling = `{{#gpu}}
      nodeSelector:
        nvidia.com/gpu.present: "true"
      tolerations:
        - key: nvidia.com/gpu
          operator: Exists
          effect: NoSchedule
{{/gpu}}`;

export const deploymentTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{name}}
  labels:
    app.kubernetes.io/name: {{name}}
spec:
  # No replicas: the HorizontalPodAutoscaler owns the count (minReplicas 2), so an apply does not reset it.
{{#gpu}}
  # GPU pods cannot surge onto a GPU the old pod still holds: replace one pod at a time.
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 0
      maxUnavailable: 1
{{/gpu}}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{name}}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {{name}}
    spec:
${podSecurity}
${gpuScheduling}
      containers:
        - name: api
          image: {{imageName}}:{{imageTag}}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: {{port}}
          env:
            - name: PORT
              value: "{{port}}"
            - name: MODEL_PATH
              value: {{modelPath}}
          resources:
            requests:
              cpu: "{{cpuRequest}}"
              memory: {{memoryRequest}}
{{#gpu}}
              nvidia.com/gpu: "1"
{{/gpu}}
            limits:
              memory: {{memoryLimit}}
{{#gpu}}
              nvidia.com/gpu: "1"
{{/gpu}}
          startupProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 5
            failureThreshold: 60
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 15
            timeoutSeconds: 5
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            periodSeconds: 10
            timeoutSeconds: 5
${containerSecurity}
          volumeMounts:
            - name: models
              mountPath: /models
              readOnly: true
            - name: tmp
              mountPath: /tmp
            - name: dshm
              mountPath: /dev/shm
      volumes:
        - name: models
          persistentVolumeClaim:
            claimName: {{name}}-models
        - name: tmp
          emptyDir: {}
        - name: dshm
          emptyDir:
            medium: Memory
            sizeLimit: {{shmSize}}
`;

export const serviceTemplate = `apiVersion: v1
kind: Service
metadata:
  name: {{name}}
  labels:
    app.kubernetes.io/name: {{name}}
spec:
  selector:
    app.kubernetes.io/name: {{name}}
  ports:
    - name: http
      port: 80
      targetPort: http
`;

export const ingressTemplate = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{name}}
  annotations:
    # Issue the certificate with cert-manager (or create the Secret yourself).
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  tls:
    - hosts: [{{name}}.example.com]
      secretName: {{name}}-tls
  rules:
    - host: {{name}}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {{name}}
                port:
                  name: http
`;

export const hpaTemplate = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{name}}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{name}}
  minReplicas: 2
  maxReplicas: {{maxReplicas}}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;

export const pdbTemplate = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{name}}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: {{name}}
`;

export const pvcTemplate = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{claim}}
spec:
  accessModes: ["{{accessMode}}"]
  resources:
    requests:
      storage: {{size}}
`;

/** The pod template of a training run, at the indentation of a Job's `spec:` body. */
const trainPodTemplate = `  template:
    metadata:
      labels:
        app.kubernetes.io/name: {{jobName}}
    spec:
      restartPolicy: Never
${podSecurity}
${gpuScheduling}
      containers:
        - name: {{trainContainer}}
          image: {{imageName}}:{{imageTag}}
          imagePullPolicy: IfNotPresent
          env:
            - name: DATA_DIR
              value: /data
            - name: MODEL_DIR
              value: /models
          resources:
            requests:
              cpu: "{{cpuRequest}}"
              memory: {{memoryRequest}}
{{#gpu}}
              nvidia.com/gpu: "1"
{{/gpu}}
            limits:
              memory: {{memoryLimit}}
{{#gpu}}
              nvidia.com/gpu: "1"
{{/gpu}}
${containerSecurity}
          volumeMounts:
            - name: data
              mountPath: /data
              readOnly: true
            - name: models
              mountPath: /models
            - name: tmp
              mountPath: /tmp
            - name: dshm
              mountPath: /dev/shm
      volumes:
        - name: data
          persistentVolumeClaim:
            claimName: {{name}}-data
        - name: models
          persistentVolumeClaim:
            claimName: {{name}}-models
        - name: tmp
          emptyDir: {}
        - name: dshm
          emptyDir:
            medium: Memory
            sizeLimit: {{shmSize}}
`;

/** The Job spec of a training run, at the indentation of a Job's `spec:` body. */
const trainJobSpec = `  backoffLimit: 2
  ttlSecondsAfterFinished: 86400
  activeDeadlineSeconds: {{activeDeadlineSeconds}}
${trainPodTemplate}`;

export const jobTemplate = `apiVersion: batch/v1
kind: Job
metadata:
  name: {{jobName}}
  labels:
    app.kubernetes.io/name: {{jobName}}
spec:
${trainJobSpec}
`;

/** Scheduled retraining: the same Job, weekly; a run still going when the next is due is not doubled. */
export const cronJobTemplate = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{jobName}}
  labels:
    app.kubernetes.io/name: {{jobName}}
spec:
  schedule: "0 3 * * 0"
  timeZone: Etc/UTC
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 3600
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 3
  jobTemplate:
    metadata:
      labels:
        app.kubernetes.io/name: {{jobName}}
    spec:
${indent(trainJobSpec, 4)}
`;

export const kustomizationTemplate = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
labels:
  - pairs:
      app.kubernetes.io/part-of: {{name}}
      app.kubernetes.io/managed-by: ml-containers
resources:
{{resources}}
images:
  - name: {{imageName}}
    newTag: {{imageTag}}
`;

/** JupyterLab for one user: one replica, recreated (the notebooks volume is ReadWriteOnce), no Ingress. */
export const notebookDeploymentTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{name}}
  labels:
    app.kubernetes.io/name: {{name}}
    app.kubernetes.io/component: notebook
spec:
  replicas: 1
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app.kubernetes.io/name: {{name}}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {{name}}
        app.kubernetes.io/component: notebook
    spec:
${podSecurity}
${gpuScheduling}
      containers:
        - name: notebook
          image: {{imageName}}:{{imageTag}}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: {{port}}
          env:
            # Create it first: kubectl create secret generic {{name}}-jupyter --from-literal=token=<a long random string>
            - name: JUPYTER_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{name}}-jupyter
                  key: token
            - name: DATA_DIR
              value: /data
            - name: MODEL_DIR
              value: /models
          resources:
            requests:
              cpu: "{{cpuRequest}}"
              memory: {{memoryRequest}}
{{#gpu}}
              nvidia.com/gpu: "1"
{{/gpu}}
            limits:
              memory: {{memoryLimit}}
{{#gpu}}
              nvidia.com/gpu: "1"
{{/gpu}}
          startupProbe:
            httpGet:
              path: /api
              port: http
            periodSeconds: 5
            failureThreshold: 60
          livenessProbe:
            httpGet:
              path: /api
              port: http
            periodSeconds: 30
            timeoutSeconds: 5
          readinessProbe:
            httpGet:
              path: /api
              port: http
            periodSeconds: 10
            timeoutSeconds: 5
${containerSecurity}
          volumeMounts:
            - name: notebooks
              mountPath: {{notebookDir}}
            - name: tmp
              mountPath: /tmp
            - name: dshm
              mountPath: /dev/shm
      volumes:
        - name: notebooks
          persistentVolumeClaim:
            claimName: {{name}}-notebooks
        - name: tmp
          emptyDir: {}
        - name: dshm
          emptyDir:
            medium: Memory
            sizeLimit: {{shmSize}}
`;

/** Cluster-internal only: reach it with `kubectl port-forward svc/{{name}} {{port}}`. */
export const notebookServiceTemplate = `apiVersion: v1
kind: Service
metadata:
  name: {{name}}
  labels:
    app.kubernetes.io/name: {{name}}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: {{name}}
  ports:
    - name: http
      port: {{port}}
      targetPort: http
`;

/** Kubeflow training operator: the same pod as the Job, as the Master of a PyTorchJob (container `pytorch`). */
export const pytorchJobTemplate = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: {{jobName}}
  labels:
    app.kubernetes.io/name: {{jobName}}
spec:
  runPolicy:
    backoffLimit: 2
    ttlSecondsAfterFinished: 86400
    activeDeadlineSeconds: {{activeDeadlineSeconds}}
    cleanPodPolicy: None
  pytorchReplicaSpecs:
    # One node. For more, add Worker replicas (the data claim must then be ReadWriteMany).
    Master:
      replicas: 1
      restartPolicy: Never
${indent(trainPodTemplate, 4)}`;

/** KServe with the image as a custom predictor; KServe creates the Service, routing and autoscaling. */
export const inferenceServiceTemplate = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: {{name}}
  labels:
    app.kubernetes.io/name: {{name}}
spec:
  predictor:
    minReplicas: 1
    maxReplicas: {{maxReplicas}}
    securityContext:
      runAsNonRoot: true
      runAsUser: 10001
      runAsGroup: 10001
      fsGroup: 10001
      seccompProfile:
        type: RuntimeDefault
{{#gpu}}
    nodeSelector:
      nvidia.com/gpu.present: "true"
    tolerations:
      - key: nvidia.com/gpu
        operator: Exists
        effect: NoSchedule
{{/gpu}}
    containers:
      - name: kserve-container
        image: {{imageName}}:{{imageTag}}
        imagePullPolicy: IfNotPresent
        ports:
          - containerPort: {{port}}
            protocol: TCP
        env:
          - name: PORT
            value: "{{port}}"
          - name: MODEL_PATH
            value: {{modelPath}}
        resources:
          requests:
            cpu: "{{cpuRequest}}"
            memory: {{memoryRequest}}
{{#gpu}}
            nvidia.com/gpu: "1"
{{/gpu}}
          limits:
            memory: {{memoryLimit}}
{{#gpu}}
            nvidia.com/gpu: "1"
{{/gpu}}
        startupProbe:
          httpGet:
            path: /healthz
            port: {{port}}
          periodSeconds: 5
          failureThreshold: 60
        livenessProbe:
          httpGet:
            path: /healthz
            port: {{port}}
          periodSeconds: 15
          timeoutSeconds: 5
        readinessProbe:
          httpGet:
            path: /readyz
            port: {{port}}
          periodSeconds: 10
          timeoutSeconds: 5
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop: ["ALL"]
        volumeMounts:
          - name: models
            mountPath: /models
            readOnly: true
          - name: tmp
            mountPath: /tmp
          - name: dshm
            mountPath: /dev/shm
    volumes:
      - name: models
        persistentVolumeClaim:
          claimName: {{name}}-models
      - name: tmp
        emptyDir: {}
      - name: dshm
        emptyDir:
          medium: Memory
          sizeLimit: {{shmSize}}
`;
