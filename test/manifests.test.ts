import { manifestsOf, modelPath, validateManifest } from "../plan/manifests";
import { planStack } from "./helpers/plan";

const deployment = (port: unknown) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "web" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: port }] }] },
    },
  },
});

describe("manifests", () => {
  it("accepts a valid manifest and names the JSON path of a broken one", async () => {
    expect(await validateManifest(deployment(8080))).toEqual([]);
    expect(await validateManifest(deployment("eighty"))).toEqual([
      { path: "/spec/template/spec/containers/0/ports/0/containerPort", message: "must be integer" },
    ]);
  });

  it("catches a missing required field", async () => {
    const broken = deployment(80);
    delete (broken.spec.template.spec.containers[0] as { name?: string }).name;
    expect(await validateManifest(broken)).toEqual([
      { path: "/spec/template/spec/containers/0", message: "must have required property name" },
    ]);
  });

  it("turns schema errors into mandatory violations", async () => {
    const plan = await planStack("aws-dev");
    const resources = plan.resources.map((r) =>
      r.type === "kubernetes:core/v1:Service"
        ? { ...r, inputs: { ...r.inputs, spec: { ports: [{ port: "http" }] } } }
        : r,
    );
    const { violations } = await manifestsOf(resources);
    expect(violations).toEqual([
      expect.objectContaining({
        policy: "steuermann-manifest-schema",
        level: "mandatory",
        message: "Service/app: /spec/ports/0/port must be integer",
      }),
    ]);
  });

  it.each(["aws-dev", "local", "feature-example"])(
    "%s: every manifest has a schema and is valid",
    async (stack) => {
      const plan = await planStack(stack);
      expect(plan.manifests.length).toBeGreaterThan(0);
      for (const m of plan.manifests as { apiVersion: string; kind: string }[]) {
        // A kind without a schema would be skipped silently: make sure none is.
        await expect(import(modelPath(m.apiVersion, m.kind))).resolves.toHaveProperty(m.kind);
      }
      expect(plan.violations.filter((v) => v.policy === "steuermann-manifest-schema")).toEqual([]);
    },
  );
});
