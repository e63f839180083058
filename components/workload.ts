import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Tolerated on every cloud: AKS puts this taint on spot pools; elsewhere it matches nothing. */
const SPOT_TOLERATION = {
  key: "kubernetes.azure.com/scalesetpriority",
  operator: "Equal",
  value: "spot",
  effect: "NoSchedule",
};
/** uid/gid of the distroless `nonroot` user the sample image runs as. */
const NONROOT = 65532;

export interface WorkloadArgs {
  /** The Kubernetes provider of the target cluster (`Cluster.provider`). */
  provider: k8s.Provider;
  /** Namespace to deploy into; never `default`. */
  namespace: pulumi.Input<string>;
  /** What runs: an image by digest (`AppImage.ref`) or a pinned tag. */
  image: pulumi.Input<string>;
  /** Container port the app listens on. */
  port: number;
  /** Bounds for the HorizontalPodAutoscaler, which owns the replica count. */
  replicas: { min: number; max: number };
  /** CPU request (Kubernetes quantity); the limit is twice the request. */
  cpu: string;
  /** Memory request and limit (Kubernetes quantity). */
  memory: string;
  /**
   * Version label (`app.kubernetes.io/version`): the image tag.
   * @default "unversioned"
   */
  version?: string;
  /**
   * Public host name; an Ingress is created only when it is set.
   * @default none
   */
  host?: string;
  /**
   * Ingress class for `host`.
   * @default "nginx"
   */
  ingressClass?: string;
  /**
   * Target average CPU utilisation (% of the request) the autoscaler keeps.
   * @default 70
   */
  cpuTarget?: number;
  /**
   * Target average memory utilisation (% of the request); no memory metric when unset.
   * @default none
   */
  memoryTarget?: number;
  /**
   * Seconds the pod keeps serving after it is told to stop, so that endpoints drop it first.
   * @default 5
   */
  drainSeconds?: number;
}

/** CPU quantity in millicores: `250m` → 250, `1.5` → 1500. */
export function cpuMillis(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}

/**
 * The app as Kubernetes should run it without downtime: a hardened Deployment whose replica
 * count belongs to a HorizontalPodAutoscaler, a Service, a PodDisruptionBudget that always lets
 * one pod go, and an Ingress when a host is configured.
 */
export class Workload extends pulumi.ComponentResource {
  public readonly deployment: k8s.apps.v1.Deployment;
  public readonly service: k8s.core.v1.Service;
  /** `http://<host>` when a host is configured. */
  public readonly url?: pulumi.Output<string>;

  constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:index:Workload", name, {}, opts);
    const childOpts = { parent: this, provider: args.provider };
    const selector = { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name };
    const labels = {
      ...selector,
      "app.kubernetes.io/version": args.version ?? "unversioned",
      "app.kubernetes.io/component": "server",
      "app.kubernetes.io/part-of": "steuermann",
      "app.kubernetes.io/managed-by": "pulumi",
    };
    const meta = { name, namespace: args.namespace, labels };
    const drainSeconds = args.drainSeconds ?? 5;

    const account = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      { metadata: meta, automountServiceAccountToken: false },
      childOpts,
    );

    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: meta,
        spec: {
          // No `replicas`: the HorizontalPodAutoscaler owns it. Setting it here would make every
          // `up` reset the count (and, with server-side apply, conflict with the controller).
          selector: { matchLabels: selector },
          revisionHistoryLimit: 5,
          progressDeadlineSeconds: 300,
          minReadySeconds: 5,
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: account.metadata.name,
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              terminationGracePeriodSeconds: drainSeconds + 25,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: NONROOT,
                runAsGroup: NONROOT,
                fsGroup: NONROOT,
                seccompProfile: { type: "RuntimeDefault" },
              },
              tolerations: [SPOT_TOLERATION],
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: "topology.kubernetes.io/zone",
                  whenUnsatisfiable: "ScheduleAnyway",
                  labelSelector: { matchLabels: selector },
                },
                {
                  maxSkew: 1,
                  topologyKey: "kubernetes.io/hostname",
                  whenUnsatisfiable: "ScheduleAnyway",
                  labelSelector: { matchLabels: selector },
                },
              ],
              containers: [
                {
                  name: "app",
                  image: args.image,
                  imagePullPolicy: "IfNotPresent",
                  ports: [{ name: "http", containerPort: args.port, protocol: "TCP" }],
                  env: [
                    { name: "PORT", value: String(args.port) },
                    { name: "DRAIN_SECONDS", value: String(drainSeconds) },
                    { name: "APP_VERSION", value: args.version ?? "unversioned" },
                  ],
                  resources: {
                    requests: { cpu: args.cpu, memory: args.memory },
                    limits: { cpu: `${cpuMillis(args.cpu) * 2}m`, memory: args.memory },
                  },
                  startupProbe: {
                    httpGet: { path: "/healthz", port: "http" },
                    periodSeconds: 2,
                    failureThreshold: 30,
                  },
                  readinessProbe: {
                    httpGet: { path: "/readyz", port: "http" },
                    periodSeconds: 5,
                    failureThreshold: 2,
                  },
                  livenessProbe: {
                    httpGet: { path: "/healthz", port: "http" },
                    periodSeconds: 10,
                    failureThreshold: 3,
                  },
                  // The app drains on SIGTERM too; the pause covers endpoint propagation for apps that do not.
                  lifecycle: { preStop: { sleep: { seconds: drainSeconds } } },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    runAsNonRoot: true,
                    privileged: false,
                    capabilities: { drop: ["ALL"] },
                  },
                  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                },
              ],
              volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
            },
          },
        },
      },
      childOpts,
    );

    this.service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: meta,
        spec: {
          type: "ClusterIP",
          selector,
          ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
        },
      },
      childOpts,
    );

    const metrics: k8s.types.input.autoscaling.v2.MetricSpec[] = [
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: args.cpuTarget ?? 70 } },
      },
    ];
    if (args.memoryTarget !== undefined) {
      metrics.push({
        type: "Resource",
        resource: { name: "memory", target: { type: "Utilization", averageUtilization: args.memoryTarget } },
      });
    }
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      `${name}-hpa`,
      {
        metadata: meta,
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: this.deployment.metadata.name },
          minReplicas: args.replicas.min,
          maxReplicas: args.replicas.max,
          metrics,
          // Scale up at once, scale down slowly: short dips must not cost a pod's warm-up.
          behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
        },
      },
      childOpts,
    );

    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      // maxUnavailable 1, never minAvailable = replicas: a node drain may always take one pod.
      { metadata: meta, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } },
      childOpts,
    );

    if (args.host !== undefined) {
      new k8s.networking.v1.Ingress(
        `${name}-ingress`,
        {
          metadata: meta,
          spec: {
            ingressClassName: args.ingressClass ?? "nginx",
            rules: [
              {
                host: args.host,
                http: {
                  paths: [
                    {
                      path: "/",
                      pathType: "Prefix",
                      backend: { service: { name: this.service.metadata.name, port: { name: "http" } } },
                    },
                  ],
                },
              },
            ],
          },
        },
        childOpts,
      );
      this.url = pulumi.output(`http://${args.host}`);
    }
    this.registerOutputs({ url: this.url });
  }
}
