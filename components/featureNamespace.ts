import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { branchSlug } from "../feature/naming";
import { cpuMillis } from "./workload";
import { RESTRICTED_PSS } from "./podSecurity";

export interface FeatureNamespaceArgs {
  /** The platform cluster's Kubernetes provider. */
  provider: k8s.Provider;
  /** The branch, as Git names it; the namespace name is derived from it. */
  branch: string;
  /** When the environment expires; `npm run feature -- gc` removes it after that. */
  expiresAt: Date;
  /**
   * Who the environment belongs to (a GitHub login or a team).
   * @default "unknown"
   */
  owner?: string;
  /** Caps for everything the namespace may run: requests of cpu and memory, and pod count. */
  quota: { cpu: string; memory: string; pods: number };
  /**
   * Namespace of the ingress controller whose traffic may reach the pods.
   * @default "ingress-nginx"
   */
  ingressNamespace?: string;
}

/** A label value: at most 63 characters of `[A-Za-z0-9_.-]`, alphanumeric at both ends. */
export function labelValue(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]+/g, "-").slice(0, 63);
  return cleaned.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "") || "unknown";
}

/**
 * One branch's isolated corner of the platform cluster: a namespace with Pod Security
 * `restricted`, owner and expiry labels, a ResourceQuota (no LoadBalancers, no NodePorts), a
 * LimitRange with defaults, and NetworkPolicies that deny everything except traffic from the
 * ingress controller, within the namespace, and DNS.
 */
export class FeatureNamespace extends pulumi.ComponentResource {
  public readonly name: pulumi.Output<string>;
  public readonly namespace: k8s.core.v1.Namespace;

  constructor(name: string, args: FeatureNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:index:FeatureNamespace", name, {}, opts);
    const childOpts = { parent: this, provider: args.provider };
    const slug = branchSlug(args.branch);
    const owner = args.owner ?? "unknown";
    const expiresAt = args.expiresAt.toISOString();

    this.namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: slug,
          labels: {
            ...RESTRICTED_PSS,
            "app.kubernetes.io/managed-by": "pulumi",
            "app.kubernetes.io/part-of": "steuermann",
            "steuermann.io/environment": "feature",
            "steuermann.io/feature": slug,
            "steuermann.io/owner": labelValue(owner),
            // Epoch seconds: label values cannot hold an ISO time's colons.
            "steuermann.io/expires": String(Math.floor(args.expiresAt.getTime() / 1000)),
          },
          annotations: {
            "steuermann.io/branch": args.branch,
            "steuermann.io/owner": owner,
            "steuermann.io/expires-at": expiresAt,
          },
        },
      },
      // Terminating namespaces can outlive a destroy; do not wait on them forever.
      { ...childOpts, customTimeouts: { delete: "10m" } },
    );
    const namespace = this.namespace.metadata.name;
    const meta = (suffix: string) => ({
      name: `${slug.slice(0, 40)}-${suffix}`.replace(/^-+/, ""),
      namespace,
      labels: { "app.kubernetes.io/managed-by": "pulumi", "steuermann.io/feature": slug },
    });

    new k8s.core.v1.ResourceQuota(
      `${name}-quota`,
      {
        metadata: meta("quota"),
        spec: {
          hard: {
            "requests.cpu": args.quota.cpu,
            "requests.memory": args.quota.memory,
            // Limits may burst to twice the requests, as the workload's own limits do.
            "limits.cpu": `${cpuMillis(args.quota.cpu) * 2}m`,
            "limits.memory": args.quota.memory,
            pods: String(args.quota.pods),
            "services.loadbalancers": "0",
            "services.nodeports": "0",
            persistentvolumeclaims: "4",
            "requests.storage": "20Gi",
          },
        },
      },
      childOpts,
    );

    new k8s.core.v1.LimitRange(
      `${name}-limits`,
      {
        metadata: meta("limits"),
        spec: {
          limits: [
            {
              type: "Container",
              defaultRequest: { cpu: "50m", memory: "64Mi" },
              default: { cpu: "200m", memory: "256Mi" },
              max: { cpu: args.quota.cpu, memory: args.quota.memory },
            },
          ],
        },
      },
      childOpts,
    );

    const policy = (suffix: string, spec: k8s.types.input.networking.v1.NetworkPolicySpec) =>
      new k8s.networking.v1.NetworkPolicy(`${name}-${suffix}`, { metadata: meta(suffix), spec }, childOpts);

    policy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
    policy("allow-ingress-controller", {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { "kubernetes.io/metadata.name": args.ingressNamespace ?? "ingress-nginx" },
              },
            },
          ],
        },
      ],
    });
    policy("allow-same-namespace", {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });

    this.name = namespace;
    this.registerOutputs({ name: this.name });
  }
}
