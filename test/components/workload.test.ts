import { exchangeAcrToken } from "../../components/registry/azure";
import { cpuMillis } from "../../components/workload";
import { allOf, inputs, one, planConfig, planStack } from "../helpers/plan";

const AWS = { "steuermann:cloud": "aws", "aws:region": "eu-central-1" };

describe("the sample app on a platform stack (aws-dev)", () => {
  let plan: Awaited<ReturnType<typeof planStack>>;
  let pod: Record<string, any>;
  let container: Record<string, any>;
  beforeAll(async () => {
    plan = await planStack("aws-dev");
    pod = inputs(one(plan, "kubernetes:apps/v1:Deployment")).spec.template.spec;
    container = pod.containers[0];
  });

  it("runs the image it built, from the stack's registry, by digest", () => {
    const build = inputs(one(plan, "docker:index/image:Image"));
    expect(build.imageName).toMatch(
      /^123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com\/steuermann-aws-dev:[\w.-]+$/,
    );
    expect(build.build).toEqual({ context: "app", dockerfile: "app/Dockerfile", platform: "linux/amd64" });
    expect(build.registry).toEqual({ server: "[secret]", username: "[secret]", password: "[secret]" });
    expect(container.image).toMatch(
      /^123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com\/steuermann-aws-dev@sha256:[0-9a-f]{64}$/,
    );
    expect(plan.outputs.appImage).toBe(container.image);
  });

  it("leaves replicas to the HorizontalPodAutoscaler", () => {
    const deployment = inputs(one(plan, "kubernetes:apps/v1:Deployment"));
    expect(deployment.spec).not.toHaveProperty("replicas");
    const hpa = inputs(one(plan, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"));
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 5,
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "app" },
    });
    expect(hpa.spec.metrics).toEqual([
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
      },
    ]);
  });

  it("rolls out without downtime: surge one, never below the ready count, drain before stop", () => {
    const spec = inputs(one(plan, "kubernetes:apps/v1:Deployment")).spec;
    expect(spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
    expect(container.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(5);
    expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "http" });
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container.startupProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
  });

  it("runs restricted: non-root, read-only root, no escalation, no capabilities, RuntimeDefault seccomp, no token", () => {
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      privileged: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(inputs(one(plan, "kubernetes:core/v1:ServiceAccount")).automountServiceAccountToken).toBe(false);
  });

  it("requests and limits resources", () => {
    expect(container.resources).toEqual({
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "200m", memory: "128Mi" },
    });
  });

  it("spreads over zones and nodes", () => {
    expect(pod.topologySpreadConstraints.map((c: { topologyKey: string }) => c.topologyKey)).toEqual([
      "topology.kubernetes.io/zone",
      "kubernetes.io/hostname",
    ]);
  });

  it("has a PodDisruptionBudget that always allows a voluntary disruption", () => {
    const pdb = inputs(one(plan, "kubernetes:policy/v1:PodDisruptionBudget")).spec;
    expect(pdb.maxUnavailable).toBe(1);
    expect(pdb).not.toHaveProperty("minAvailable");
  });

  it("exposes a ClusterIP Service and no Ingress without a host", () => {
    expect(inputs(one(plan, "kubernetes:core/v1:Service")).spec.type).toBe("ClusterIP");
    expect(allOf(plan, "kubernetes:networking.k8s.io/v1:Ingress")).toHaveLength(0);
  });

  it("labels everything it creates with app.kubernetes.io/*", () => {
    const kube = plan.resources.filter((r) => r.type.startsWith("kubernetes:") && r.name.startsWith("app-"));
    expect(kube.length).toBeGreaterThanOrEqual(6);
    for (const r of kube.filter((r) => r.type !== "kubernetes:core/v1:Namespace")) {
      expect(inputs(r).metadata.labels).toMatchObject({
        "app.kubernetes.io/name": "app",
        "app.kubernetes.io/managed-by": "pulumi",
      });
    }
  });

  it("deploys into its own namespace with Pod Security restricted, never default", () => {
    const ns = inputs(one(plan, "kubernetes:core/v1:Namespace"));
    expect(ns.metadata.name).toBe("app");
    expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const namespaced = plan.resources.filter(
      (r) =>
        r.type.startsWith("kubernetes:") &&
        r.name.startsWith("app-") &&
        r.type !== "kubernetes:core/v1:Namespace",
    );
    for (const r of namespaced) {
      expect(inputs(r).metadata.namespace).toBe("app");
    }
  });
});

describe("app configuration", () => {
  it("app.image.ref deploys the given image and builds nothing", async () => {
    const plan = await planConfig({ ...AWS, "steuermann:app": { image: { ref: "ghcr.io/acme/app:1.2.3" } } });
    expect(allOf(plan, "docker:index/image:Image")).toHaveLength(0);
    const pod = inputs(one(plan, "kubernetes:apps/v1:Deployment")).spec.template.spec;
    expect(pod.containers[0].image).toBe("ghcr.io/acme/app:1.2.3");
  });

  it("takes replicas, port, resources, host and ingress class from config", async () => {
    const plan = await planConfig({
      ...AWS,
      "steuermann:app": {
        image: { tag: "v7" },
        port: 3000,
        replicas: { min: 3, max: 9 },
        cpu: "250m",
        memory: "256Mi",
        host: "app.example.com",
        ingressClass: "alb",
      },
    });
    const hpa = inputs(one(plan, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")).spec;
    expect([hpa.minReplicas, hpa.maxReplicas]).toEqual([3, 9]);
    const container = inputs(one(plan, "kubernetes:apps/v1:Deployment")).spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
    expect(container.resources.limits).toEqual({ cpu: "500m", memory: "256Mi" });
    expect(inputs(one(plan, "docker:index/image:Image")).imageName).toMatch(/:v7$/);
    const ingress = inputs(one(plan, "kubernetes:networking.k8s.io/v1:Ingress")).spec;
    expect(ingress.ingressClassName).toBe("alb");
    expect(ingress.rules[0].host).toBe("app.example.com");
    expect(plan.outputs.appUrl).toBe("http://app.example.com");
  });

  it("pushes to ACR with a refresh token exchanged for the deployer's Entra token", async () => {
    const plan = await planStack("azure-dev");
    const build = inputs(one(plan, "docker:index/image:Image"));
    expect(build.imageName).toMatch(/^steuermannazuredev[0-9a-f]{6}\.azurecr\.io\/app:/);
    expect(build.registry.password).toBe("[secret]");
  });
});

describe("exchangeAcrToken", () => {
  it("posts the Entra token to /oauth2/exchange and returns the refresh token", async () => {
    const calls: { url: string; body: string }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      calls.push({ url, body: String(init.body) });
      return new Response(JSON.stringify({ refresh_token: "rt" }), { status: 200 });
    }) as unknown as typeof fetch;
    await expect(exchangeAcrToken("r.azurecr.io", "tenant-1", "aad", fake)).resolves.toBe("rt");
    expect(calls[0]?.url).toBe("https://r.azurecr.io/oauth2/exchange");
    expect(Object.fromEntries(new URLSearchParams(calls[0]?.body))).toEqual({
      grant_type: "access_token",
      service: "r.azurecr.io",
      tenant: "tenant-1",
      access_token: "aad",
    });
  });

  it("says what to check when the exchange is refused", async () => {
    const refused = (async () => new Response("", { status: 401 })) as unknown as typeof fetch;
    await expect(exchangeAcrToken("r.azurecr.io", "t", "aad", refused)).rejects.toThrow(
      "ACR token exchange with r.azurecr.io failed (HTTP 401): is the deployer signed in (az login) and allowed to push (AcrPush)?",
    );
  });
});

describe("cpuMillis", () => {
  it.each([
    ["100m", 100],
    ["1", 1000],
    ["1.5", 1500],
    ["0.25", 250],
  ])("%s is %i millicores", (q, m) => {
    expect(cpuMillis(q)).toBe(m);
  });
});
