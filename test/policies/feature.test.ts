import { T } from "../../policies/lib";
import { baseline, change, reported, without } from "../helpers/policy";

type Resources = Awaited<ReturnType<typeof baseline>>;
const NS = "feature-example-70e2cd1f";
const namespace = (edit: (labels: Record<string, string>) => void) => (r: Resources) =>
  change(r, T.namespace, (p) => edit(p.metadata.labels));

const cases: [string, string, (r: Resources) => Resources, string[]][] = [
  [
    "steuermann-feature-namespace-labels",
    "no owner",
    namespace((l) => delete l["steuermann.io/owner"]),
    [`mandatory ${NS}: missing label steuermann.io/owner`],
  ],
  [
    "steuermann-feature-namespace-labels",
    "no expiry",
    namespace((l) => delete l["steuermann.io/expires"]),
    [`mandatory ${NS}: missing label steuermann.io/expires`],
  ],
  [
    "steuermann-feature-namespace-labels",
    "PSS baseline only",
    namespace((l) => (l["pod-security.kubernetes.io/enforce"] = "baseline")),
    [`mandatory ${NS}: set label pod-security.kubernetes.io/enforce to restricted`],
  ],
  [
    "steuermann-feature-resource-quota",
    "no quota",
    (r) => without(r, T.resourceQuota),
    [`mandatory ${NS}: no ResourceQuota caps what the preview may use`],
  ],
  [
    "steuermann-feature-resource-quota",
    "quota without a pod cap",
    (r) => change(r, T.resourceQuota, (p) => delete p.spec.hard.pods),
    [`mandatory ${NS}: the ResourceQuota does not cap pods`],
  ],
  [
    "steuermann-feature-default-deny",
    "no default deny",
    (r) => without(r, T.networkPolicy, "feature-default-deny"),
    [
      `mandatory ${NS}: no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)`,
    ],
  ],
  [
    "steuermann-feature-default-deny",
    "a default deny for ingress only",
    (r) => change(r, T.networkPolicy, (p) => (p.spec.policyTypes = ["Ingress"]), "feature-default-deny"),
    [
      `mandatory ${NS}: no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)`,
    ],
  ],
  [
    "steuermann-feature-no-load-balancer",
    "a LoadBalancer Service",
    (r) => change(r, T.service, (p) => (p.spec.type = "LoadBalancer")),
    ["mandatory app: a LoadBalancer Service in a preview environment: use ClusterIP behind the ingress"],
  ],
  [
    "steuermann-feature-no-load-balancer",
    "a NodePort Service",
    (r) => change(r, T.service, (p) => (p.spec.type = "NodePort")),
    ["mandatory app: a NodePort Service in a preview environment: use ClusterIP behind the ingress"],
  ],
];

describe("preview-environment rules (on feature-example)", () => {
  it.each(cases)("%s: %s", async (rule, _condition, edit, expected) => {
    const base = await baseline("feature-example");
    expect(base.find((r) => r.type === T.namespace)?.inputs).toMatchObject({ metadata: { name: NS } });
    expect(await reported(rule, base)).toEqual([]);
    expect(await reported(rule, edit(base))).toEqual(expected);
  });

  it("allows a LoadBalancer Service on a platform stack", async () => {
    const base = await baseline("aws-dev");
    expect(
      await reported(
        "steuermann-feature-no-load-balancer",
        change(base, T.service, (p) => (p.spec.type = "LoadBalancer")),
      ),
    ).toEqual([]);
  });
});
