import { T } from "../../policies/lib";
import { baseline, change, reported } from "../helpers/policy";

describe("cost rules", () => {
  it("caps node pools by tier", async () => {
    const dev = await baseline("aws-dev");
    expect(await reported("steuermann-cost-node-count-cap", dev)).toEqual([]);
    const big = change(dev, T.eksNodeGroup, (p) => (p.scalingConfig.maxSize = 11));
    expect(await reported("steuermann-cost-node-count-cap", big)).toEqual([
      "mandatory cluster-nodes: may grow to 11 nodes, over the dev cap of 10",
    ]);
    // The same pool is fine in prod, whose cap is 100.
    const prod = change(big, T.eksNodeGroup, (p) => (p.tags["steuermann:tier"] = "prod"));
    expect(await reported("steuermann-cost-node-count-cap", prod)).toEqual([]);
  });

  it("reads caps from the pack config", async () => {
    const dev = await baseline("aws-dev");
    expect(
      await reported("steuermann-cost-node-count-cap", dev, {
        "steuermann-cost-node-count-cap": { maxNodes: { dev: 3 } },
      }),
    ).toEqual(["mandatory cluster-nodes: may grow to 4 nodes, over the dev cap of 3"]);
  });

  it("checks every AKS pool and the GKE total", async () => {
    const azure = change(await baseline("azure-prod"), T.aks, (p) => (p.agentPoolProfiles[0].maxCount = 150));
    expect(await reported("steuermann-cost-node-count-cap", azure)).toEqual([
      "mandatory steuermann-azure-prod: pool system may grow to 150 nodes, over the prod cap of 100",
    ]);
    const gcp = change(await baseline("gcp-dev"), T.gkePool, (p) => (p.autoscaling.totalMaxNodeCount = 40));
    expect(await reported("steuermann-cost-node-count-cap", gcp)).toEqual([
      "mandatory workload: may grow to 40 nodes, over the dev cap of 10",
    ]);
  });

  it("allows only the tier's machine types", async () => {
    const dev = await baseline("aws-dev");
    expect(await reported("steuermann-cost-machine-types", dev)).toEqual([]);
    const huge = change(dev, T.eksNodeGroup, (p) => (p.instanceTypes = ["p5.48xlarge"]));
    const [message] = await reported("steuermann-cost-machine-types", huge);
    expect(message).toMatch(
      /^mandatory cluster-nodes: uses p5\.48xlarge, which is not allowed in dev \(allowed: t3\.\*, /,
    );
    const allowed = { "steuermann-cost-machine-types": { machineTypes: { dev: ["p5.*"] } } };
    expect(await reported("steuermann-cost-machine-types", huge, allowed)).toEqual([]);
    const spot = change(await baseline("azure-dev"), T.aksPool, (p) => (p.vmSize = "Standard_M416ms_v2"));
    expect((await reported("steuermann-cost-machine-types", spot))[0]).toMatch(
      /^mandatory spot: uses Standard_M416ms_v2, which is not allowed in dev/,
    );
  });
});
