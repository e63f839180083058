import { stringify } from "yaml";
import { kubeconfigPath, minifyKubeconfig } from "../../components/cluster/local";
import { ConfigError } from "../../config";
import { cloudResourceTypes, inputs, one, planStack } from "../helpers/plan";

describe("local platform (local sample)", () => {
  it("creates no cloud resources: a provider for the context, a registry container and its hosting ConfigMap", async () => {
    const plan = await planStack("local");
    expect(cloudResourceTypes(plan)).toEqual([]);
    const platformTypes = plan.resources.filter(
      (r) => !r.urn.includes("steuermann:index:") && !r.name.startsWith("app"),
    );
    expect(platformTypes.map((r) => r.type).sort()).toEqual([
      "docker:index/container:Container",
      "docker:index/remoteImage:RemoteImage",
      "kubernetes:core/v1:ConfigMap",
      "pulumi:providers:kubernetes",
      "steuermann:local:Cluster",
      "steuermann:local:Registry",
    ]);
    // The app image is built for the laptop's own platform, not forced to amd64.
    expect(inputs(one(plan, "docker:index/image:Image")).build.platform).toBeUndefined();
    const cm = inputs(one(plan, "kubernetes:core/v1:ConfigMap"));
    expect(cm.metadata).toEqual({ name: "local-registry-hosting", namespace: "kube-public" });
    expect(cm.data["localRegistryHosting.v1"]).toContain('host: "localhost:5001"');
    expect(plan.outputs).toMatchObject({
      cloud: "local",
      clusterName: "kind-steuermann",
      kubeconfig: "[secret]",
      registryUrl: "localhost:5001/steuermann",
      nodePool: { min: 1, max: 1 },
    });
  });
});

describe("minifyKubeconfig", () => {
  const doc = stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": "kind-a",
    clusters: [
      { name: "kind-a", cluster: { server: "https://127.0.0.1:1" } },
      { name: "prod", cluster: { server: "https://prod.example.com" } },
    ],
    users: [
      { name: "kind-a", user: { token: "a" } },
      { name: "prod-admin", user: { token: "prod-secret" } },
    ],
    contexts: [
      { name: "kind-a", context: { cluster: "kind-a", user: "kind-a" } },
      { name: "prod", context: { cluster: "prod", user: "prod-admin" } },
    ],
  });

  it("keeps only the chosen context's cluster and user", () => {
    const out = minifyKubeconfig(doc, "kind-a", "~/.kube/config");
    expect(out).not.toContain("prod-secret");
    expect(JSON.parse(out)).toMatchObject({ "current-context": "kind-a", clusters: [{ name: "kind-a" }] });
  });

  it("uses the current context when none is configured", () => {
    expect(JSON.parse(minifyKubeconfig(doc, undefined, "f"))["current-context"]).toBe("kind-a");
  });

  it("names the missing context and the ones that exist", () => {
    expect(() => minifyKubeconfig(doc, "kind-b", "/home/u/.kube/config")).toThrow(
      new ConfigError(
        "kubernetes:context (kind-b) is not a context in /home/u/.kube/config (contexts: kind-a, prod): set it with `pulumi config set kubernetes:context <name>`",
      ),
    );
  });

  it("reads KUBECONFIG's first entry like kubectl", () => {
    expect(kubeconfigPath({ KUBECONFIG: "/a/config:/b/config" })).toBe("/a/config");
  });
});
