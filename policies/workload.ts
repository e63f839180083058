/** Workload rules: Pod Security Standards restricted, kube-score, Polaris and Checkov's Kubernetes checks. */
import type { Policy, PolicyResource } from "@pulumi/policy";
import {
  asArray,
  containersOf,
  ofType,
  POD_SPEC_PATHS,
  Props,
  resourceRule,
  stackRule,
  T,
  WORKLOAD_TYPES,
} from "./lib";

/** Cluster-scoped kinds, which have no namespace. */
const CLUSTER_SCOPED =
  /^kubernetes:(core\/v1:(Namespace|Node|PersistentVolume)|rbac\.authorization\.k8s\.io\/v1:ClusterRole(Binding)?|storage\.k8s\.io\/v1:StorageClass|apiextensions\.k8s\.io\/v1:CustomResourceDefinition|admissionregistration\.k8s\.io\/v1:\w+|scheduling\.k8s\.io\/v1:PriorityClass|networking\.k8s\.io\/v1:IngressClass)$/;

function podSpec(type: string, props: Props): Props | undefined {
  return POD_SPEC_PATHS[type]?.(props);
}

/** An image reference with a digest, or with an explicit tag other than latest. */
export function imageIsPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) {
    return true;
  }
  const lastSlash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  if (colon <= lastSlash) {
    return false;
  }
  return image.slice(colon + 1) !== "latest";
}

function namespaceOf(r: PolicyResource): string | undefined {
  return r.props.metadata?.namespace as string | undefined;
}

function selectorMatches(selector: Props | undefined, labels: Props | undefined): boolean {
  const match = selector?.matchLabels as Props | undefined;
  if (match === undefined || labels === undefined) {
    return false;
  }
  return Object.entries(match).every(([k, v]) => labels[k] === v);
}

export const workloadPolicies: Policy[] = [
  resourceRule({
    name: "steuermann-workload-restricted-security-context",
    description:
      "Pods meet Pod Security Standards restricted: non-root, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault, not privileged, read-only root file system. CKV_K8S_20, CKV_K8S_23, CKV_K8S_28, CKV_K8S_31, CKV_K8S_37, CKV_K8S_40; kube-score container-security-context.",
    types: WORKLOAD_TYPES,
    validate: (p, args, report) => {
      const spec = podSpec(args.type, p);
      const pod = spec?.securityContext ?? {};
      for (const { label, container } of containersOf(spec)) {
        const c = container.securityContext ?? {};
        if (c.runAsNonRoot !== true && pod.runAsNonRoot !== true) {
          report(`${label} may run as root: set runAsNonRoot to true`);
        }
        if (c.allowPrivilegeEscalation !== false) {
          report(`${label} allows privilege escalation: set allowPrivilegeEscalation to false`);
        }
        if (c.privileged === true) {
          report(`${label} is privileged: remove privileged`);
        }
        if (!asArray<string>(c.capabilities?.drop).includes("ALL")) {
          report(`${label} keeps Linux capabilities: set capabilities.drop to ["ALL"]`);
        }
        if (
          (c.seccompProfile?.type ?? pod.seccompProfile?.type) !== "RuntimeDefault" &&
          (c.seccompProfile?.type ?? pod.seccompProfile?.type) !== "Localhost"
        ) {
          report(`${label} has no seccomp profile: set seccompProfile.type to RuntimeDefault`);
        }
        if (c.readOnlyRootFilesystem !== true) {
          report(`${label} can write its root file system: set readOnlyRootFilesystem to true`);
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-workload-resources",
    description:
      "Every container requests cpu and memory and has a memory limit. CKV_K8S_10, CKV_K8S_11, CKV_K8S_12, CKV_K8S_13; kube-score container-resources.",
    types: WORKLOAD_TYPES,
    validate: (p, args, report) => {
      for (const { label, container } of containersOf(podSpec(args.type, p))) {
        const requests = container.resources?.requests ?? {};
        const limits = container.resources?.limits ?? {};
        const missing = [
          requests.cpu === undefined ? "requests.cpu" : undefined,
          requests.memory === undefined ? "requests.memory" : undefined,
          limits.memory === undefined ? "limits.memory" : undefined,
        ].filter((x): x is string => x !== undefined);
        if (missing.length > 0) {
          report(`${label} has no ${missing.join(", ")}`);
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-workload-probes",
    description:
      "Long-running containers have readiness and liveness probes. CKV_K8S_8, CKV_K8S_9; kube-score pod-probes.",
    types: [T.deployment, T.statefulSet, T.daemonSet],
    validate: (p, args, report) => {
      for (const { label, container } of containersOf(podSpec(args.type, p)).filter((c) =>
        c.label.startsWith("container "),
      )) {
        for (const probe of ["readinessProbe", "livenessProbe"]) {
          if (container[probe] === undefined) {
            report(`${label} has no ${probe}`);
          }
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-workload-image-pinned",
    description:
      "Images are pinned by digest or an explicit tag, never latest or untagged. CKV_K8S_14, CKV_K8S_43; Polaris tagNotSpecified.",
    types: WORKLOAD_TYPES,
    validate: (p, args, report) => {
      for (const { label, container } of containersOf(podSpec(args.type, p))) {
        const image = container.image;
        if (typeof image === "string" && image !== "[unknown]" && !imageIsPinned(image)) {
          report(`${label} runs ${image}: pin a version tag or a digest, never latest`);
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-workload-pdb-allows-disruption",
    description:
      "A PodDisruptionBudget never forbids every voluntary disruption, or node drains (and upgrades) hang. Polaris pdbDisruptionsIsZero; kube-score poddisruptionbudget.",
    types: [T.pdb],
    validate: (p, _args, report) => {
      const spec = p.spec ?? {};
      if (spec.maxUnavailable === 0 || spec.maxUnavailable === "0%") {
        report("maxUnavailable 0 blocks every drain: allow at least 1");
      }
      if (spec.minAvailable === "100%") {
        report('minAvailable "100%" blocks every drain: use maxUnavailable: 1');
      }
    },
  }),

  stackRule({
    name: "steuermann-workload-has-pdb",
    description:
      "Every Deployment has a PodDisruptionBudget selecting its pods. kube-score deployment-has-poddisruptionbudget; Polaris missingPodDisruptionBudget.",
    validate: (resources, _args, report) => {
      const pdbs = ofType(resources, T.pdb);
      for (const d of ofType(resources, T.deployment)) {
        const labels = d.props.spec?.template?.metadata?.labels;
        const covered = pdbs.some(
          (b) => namespaceOf(b) === namespaceOf(d) && selectorMatches(b.props.spec?.selector, labels),
        );
        if (!covered) {
          report(
            `${String(d.props.metadata?.name ?? d.name)}: no PodDisruptionBudget selects its pods`,
            d.urn,
          );
        }
      }
    },
  }),

  stackRule({
    name: "steuermann-workload-hpa-owns-replicas",
    description:
      "A Deployment scaled by an HPA does not also set spec.replicas (or ignores changes to it), or every update resets the count and server-side apply conflicts with the controller. pulumi-kubernetes#2491.",
    validate: (resources, _args, report) => {
      for (const hpa of ofType(resources, T.hpa)) {
        const target = hpa.props.spec?.scaleTargetRef ?? {};
        if (target.kind !== "Deployment") {
          continue;
        }
        const deployment = ofType(resources, T.deployment).find(
          (d) => d.props.metadata?.name === target.name && namespaceOf(d) === namespaceOf(hpa),
        );
        if (
          deployment?.props.spec?.replicas !== undefined &&
          !asArray<string>(deployment.opts.ignoreChanges).includes("spec.replicas")
        ) {
          report(
            `${String(target.name)}: spec.replicas (${String(deployment.props.spec.replicas)}) fights the HorizontalPodAutoscaler: remove it, or ignoreChanges ["spec.replicas"]`,
            deployment.urn,
          );
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-workload-no-default-namespace",
    description: "Nothing is deployed into the default namespace. CKV_K8S_21.",
    types: (type) =>
      type.startsWith("kubernetes:") &&
      !CLUSTER_SCOPED.test(type) &&
      !type.startsWith("kubernetes:helm.sh/") &&
      !type.includes(":yaml"),
    validate: (p, _args, report) => {
      const metadata = p.metadata ?? {};
      if (metadata.namespace === "default") {
        report("deployed into the default namespace: give it its own namespace");
      } else if (!("namespace" in metadata)) {
        report("no namespace set, so it lands in the provider's default namespace: set metadata.namespace");
      }
    },
  }),

  resourceRule({
    name: "steuermann-workload-no-service-account-token",
    description: "Pods do not mount a service-account token they do not use. CKV_K8S_38.",
    types: WORKLOAD_TYPES,
    validate: (p, args, report) => {
      if (podSpec(args.type, p)?.automountServiceAccountToken !== false) {
        report(
          "the pod mounts a service-account token: set automountServiceAccountToken to false (or true where it really calls the API)",
        );
      }
    },
  }),

  resourceRule({
    name: "steuermann-workload-replicas-and-spread",
    description:
      "Served workloads keep at least two replicas spread over nodes. kube-score deployment-has-host-podantiaffinity; compliance-policies kubernetes-apps-v1-deployment-configure-minimum-replica-count. Advisory: a preview may run one.",
    enforcementLevel: "advisory",
    types: [T.deployment, T.hpa],
    validate: (p, args, report) => {
      if (args.type === T.hpa) {
        if ((p.spec?.minReplicas ?? 1) < 2) {
          report(
            `minReplicas ${String(p.spec?.minReplicas ?? 1)}: one pod means downtime on every node drain`,
          );
        }
        return;
      }
      const spec = p.spec?.template?.spec ?? {};
      if (
        asArray(spec.topologySpreadConstraints).length === 0 &&
        spec.affinity?.podAntiAffinity === undefined
      ) {
        report("pods are not spread: add topologySpreadConstraints over kubernetes.io/hostname");
      }
    },
  }),
];
