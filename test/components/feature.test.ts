import { branchSlug } from "../../feature/naming";
import { allOf, cloudResourceTypes, inputs, one, planConfig, planStack } from "../helpers/plan";

describe("a preview environment (feature-example)", () => {
  let plan: Awaited<ReturnType<typeof planStack>>;
  const slug = branchSlug("feature/example");
  beforeAll(async () => {
    plan = await planStack("feature-example");
  });

  it("registers only Kubernetes resources, the stack reference and its own components", () => {
    expect(cloudResourceTypes(plan)).toEqual([]);
    const types = plan.resources.map((r) => r.type);
    expect(
      types.every((t) =>
        /^(kubernetes:|steuermann:index:|pulumi:providers:kubernetes$|pulumi:pulumi:StackReference$)/.test(t),
      ),
    ).toBe(true);
    expect([...new Set(types)].sort()).toEqual([
      "kubernetes:apps/v1:Deployment",
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      "kubernetes:core/v1:LimitRange",
      "kubernetes:core/v1:Namespace",
      "kubernetes:core/v1:ResourceQuota",
      "kubernetes:core/v1:Service",
      "kubernetes:core/v1:ServiceAccount",
      "kubernetes:networking.k8s.io/v1:Ingress",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      "kubernetes:policy/v1:PodDisruptionBudget",
      "pulumi:providers:kubernetes",
      "pulumi:pulumi:StackReference",
      "steuermann:index:FeatureNamespace",
      "steuermann:index:Workload",
    ]);
  });

  it("reads the platform stack by name and keeps its kubeconfig secret", () => {
    expect(inputs(one(plan, "pulumi:pulumi:StackReference")).name).toBe("aws-dev");
    expect(inputs(one(plan, "pulumi:providers:kubernetes")).kubeconfig).toBe("[secret]");
  });

  it("names the namespace after the branch, with PSS restricted, owner and expiry", () => {
    const ns = inputs(one(plan, "kubernetes:core/v1:Namespace")).metadata;
    expect(ns.name).toBe(slug);
    expect(ns.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
      "steuermann.io/owner": "octocat",
      "steuermann.io/feature": slug,
    });
    expect(ns.labels["steuermann.io/expires"]).toMatch(/^\d{10}$/);
    expect(ns.annotations["steuermann.io/branch"]).toBe("feature/example");
    expect(new Date(ns.annotations["steuermann.io/expires-at"]).toISOString()).toBe(plan.outputs.expiresAt);
  });

  it("caps cost with a ResourceQuota that allows no LoadBalancer or NodePort", () => {
    const hard = inputs(one(plan, "kubernetes:core/v1:ResourceQuota")).spec.hard;
    expect(hard).toMatchObject({
      "requests.cpu": "2",
      "requests.memory": "4Gi",
      "limits.cpu": "4000m",
      pods: "20",
      "services.loadbalancers": "0",
      "services.nodeports": "0",
    });
  });

  it("gives containers default requests and limits", () => {
    const [limit] = inputs(one(plan, "kubernetes:core/v1:LimitRange")).spec.limits;
    expect(limit).toMatchObject({
      type: "Container",
      defaultRequest: { cpu: "50m" },
      default: { memory: "256Mi" },
    });
  });

  it("denies all traffic by default and allows DNS, the namespace itself and the ingress controller", () => {
    const policies = allOf(plan, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => inputs(p));
    expect(policies).toHaveLength(4);
    const deny = policies.find((p) => p.metadata.name.endsWith("default-deny"))!.spec;
    expect(deny).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const dns = policies.find((p) => p.metadata.name.endsWith("allow-dns"))!.spec;
    expect(dns.egress[0].ports).toEqual([
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
    ]);
    const ingress = policies.find((p) => p.metadata.name.endsWith("allow-ingress-controller"))!.spec;
    expect(ingress.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({
      "kubernetes.io/metadata.name": "ingress-nginx",
    });
    const same = policies.find((p) => p.metadata.name.endsWith("allow-same-namespace"))!.spec;
    expect(same.ingress).toEqual([{ from: [{ podSelector: {} }] }]);
  });

  it("deploys the branch's image from the platform's repository into the namespace", () => {
    const deployment = inputs(one(plan, "kubernetes:apps/v1:Deployment"));
    expect(deployment.metadata.namespace).toBe(slug);
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      "123456789012.dkr.ecr.eu-central-1.amazonaws.com/steuermann-aws-dev:example",
    );
    expect(inputs(one(plan, "kubernetes:core/v1:Service")).spec.type).toBe("ClusterIP");
  });

  it("exports namespace, url, expiresAt and image", () => {
    expect(plan.outputs).toMatchObject({
      namespace: slug,
      url: `http://${slug}.preview.example.com`,
      image: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/steuermann-aws-dev:example",
    });
    const expires = new Date(String(plan.outputs.expiresAt)).getTime();
    const hours = (expires - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71);
    expect(hours).toBeLessThanOrEqual(72);
  });
});

describe("feature configuration", () => {
  const FEATURE = {
    "steuermann:cloud": "gcp",
    "steuermann:role": "feature",
    "steuermann:feature": {
      name: "Fix/ÜBER",
      platformStack: "acme/steuermann/gcp-dev",
      ttlHours: "8",
      quota: { cpu: "1", memory: "2Gi", pods: "10" },
    },
    "steuermann:app": { image: { tag: "sha1" } },
  };

  it("accepts numbers the Automation API stored as text, and needs no cloud credentials", async () => {
    const plan = await planConfig(FEATURE);
    expect(inputs(one(plan, "kubernetes:core/v1:ResourceQuota")).spec.hard.pods).toBe("10");
    expect(allOf(plan, "kubernetes:networking.k8s.io/v1:Ingress")).toHaveLength(0);
    expect(plan.outputs.url).toBeUndefined();
  });

  it("refuses platform-only keys on a feature stack", async () => {
    await expect(
      planConfig({ ...FEATURE, "steuermann:nodePool": { minNodes: 1, maxNodes: 2 } }),
    ).rejects.toThrow(
      "steuermann:nodePool is only read by platform stacks: remove it from this feature stack (the platform stack acme/steuermann/gcp-dev sets it)",
    );
  });
});
