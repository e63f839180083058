/**
 * Preview-environment rules (stack policies): a namespace labelled
 * `steuermann.io/environment: feature` must be fenced in.
 */
import type { Policy, PolicyResource } from "@pulumi/policy";
import { asArray, ofType, stackRule, T } from "./lib";

function featureNamespaces(resources: PolicyResource[]): PolicyResource[] {
  return ofType(resources, T.namespace).filter(
    (n) => n.props.metadata?.labels?.["steuermann.io/environment"] === "feature",
  );
}

function nsName(n: PolicyResource): string {
  return String(n.props.metadata?.name ?? n.name);
}

/** Namespaced resources of `type` in namespace `name`. */
function inNamespace(resources: PolicyResource[], type: string, name: string): PolicyResource[] {
  return ofType(resources, type).filter((r) => r.props.metadata?.namespace === name);
}

export const featurePolicies: Policy[] = [
  stackRule({
    name: "steuermann-feature-namespace-labels",
    description:
      "A preview namespace says who owns it and when it expires, and enforces Pod Security Standards restricted. Kyverno require-labels; PSS restricted.",
    validate: (resources, _args, report) => {
      for (const ns of featureNamespaces(resources)) {
        const labels = ns.props.metadata?.labels ?? {};
        for (const key of ["steuermann.io/owner", "steuermann.io/expires"]) {
          if (!labels[key]) {
            report(`${nsName(ns)}: missing label ${key}`, ns.urn);
          }
        }
        if (labels["pod-security.kubernetes.io/enforce"] !== "restricted") {
          report(`${nsName(ns)}: set label pod-security.kubernetes.io/enforce to restricted`, ns.urn);
        }
      }
    },
  }),

  stackRule({
    name: "steuermann-feature-resource-quota",
    description:
      "A preview namespace has a ResourceQuota capping cpu, memory and pods. Kyverno add-ns-quota.",
    validate: (resources, _args, report) => {
      for (const ns of featureNamespaces(resources)) {
        const quotas = inNamespace(resources, T.resourceQuota, nsName(ns));
        const hard = Object.assign({}, ...quotas.map((q) => q.props.spec?.hard ?? {}));
        const missing = ["requests.cpu", "requests.memory", "pods"].filter((k) => hard[k] === undefined);
        if (quotas.length === 0) {
          report(`${nsName(ns)}: no ResourceQuota caps what the preview may use`, ns.urn);
        } else if (missing.length > 0) {
          report(`${nsName(ns)}: the ResourceQuota does not cap ${missing.join(", ")}`, ns.urn);
        }
      }
    },
  }),

  stackRule({
    name: "steuermann-feature-default-deny",
    description:
      "A preview namespace has a default-deny NetworkPolicy for ingress and egress. Kyverno add-network-policy; kube-score pod-networkpolicy.",
    validate: (resources, _args, report) => {
      for (const ns of featureNamespaces(resources)) {
        const denies = inNamespace(resources, T.networkPolicy, nsName(ns)).some((np) => {
          const spec = np.props.spec ?? {};
          const types = asArray<string>(spec.policyTypes);
          const selectsAll = spec.podSelector !== undefined && Object.keys(spec.podSelector).length === 0;
          return (
            selectsAll &&
            types.includes("Ingress") &&
            types.includes("Egress") &&
            !spec.ingress &&
            !spec.egress
          );
        });
        if (!denies) {
          report(
            `${nsName(ns)}: no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)`,
            ns.urn,
          );
        }
      }
    },
  }),

  stackRule({
    name: "steuermann-feature-no-load-balancer",
    description:
      "A preview exposes nothing through a cloud load balancer or node port: it shares the platform's ingress. compliance-policies kubernetes-core-v1-service-disallow-load-balancer.",
    validate: (resources, _args, report) => {
      if (featureNamespaces(resources).length === 0) {
        return;
      }
      for (const svc of ofType(resources, T.service)) {
        const type = svc.props.spec?.type;
        if (type === "LoadBalancer" || type === "NodePort") {
          report(
            `${String(svc.props.metadata?.name ?? svc.name)}: a ${String(type)} Service in a preview environment: use ClusterIP behind the ingress`,
            svc.urn,
          );
        }
      }
    },
  }),
];
