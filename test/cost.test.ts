import { estimateCost, parseQuantity } from "../plan/cost";
import { HOURS_PER_MONTH, MACHINES, PRICES_AS_OF } from "../plan/prices";
import { planStack } from "./helpers/plan";

const month = (hourly: number, count = 1) => Math.round(count * hourly * HOURS_PER_MONTH * 100) / 100;

describe("cost estimate", () => {
  it("prices aws-dev item by item, min nodes to max nodes", async () => {
    const { cost } = await planStack("aws-dev");
    const t3 = MACHINES.aws["t3.medium"]!.hourly;
    expect(cost.items.map((i) => [i.item, i.monthly])).toEqual([
      ["EKS control plane", { min: 73, max: 73 }],
      // 1..4 spot nodes: 30 % of on-demand for one node, up to on-demand for four.
      ["EKS nodes cluster-nodes (spot)", { min: month(t3 * 0.3), max: month(t3, 4) }],
      ["EBS gp3 root volumes (50 GB per node)", { min: 4, max: 16 }],
      ["NAT gateways (with their public IPv4)", { min: 36.5, max: 36.5 }],
      ["ECR storage (steuermann-aws-dev, up to 30 images)", { min: 0.02, max: 0.6 }],
      ["CloudWatch Logs ingestion (control plane)", { min: 0.5, max: 10 }],
      ["KMS keys", { min: 1, max: 1 }],
    ]);
    const sum = (k: "min" | "max") =>
      Math.round(cost.items.reduce((a, i) => a + i.monthly[k], 0) * 100) / 100;
    expect(cost.monthly).toEqual({ min: sum("min"), max: sum("max") });
    expect(cost).toMatchObject({ currency: "USD", pricesAsOf: PRICES_AS_OF, complete: true, unpriced: [] });
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("charges prod for on-demand nodes and a NAT gateway per zone", async () => {
    const { cost } = await planStack("aws-prod");
    const m6i = MACHINES.aws["m6i.large"]!.hourly;
    expect(cost.items.find((i) => i.item.startsWith("EKS nodes"))?.monthly).toEqual({
      min: month(m6i, 3),
      max: month(m6i, 12),
    });
    expect(cost.items.find((i) => i.item.startsWith("NAT"))?.quantity).toEqual({ min: 3, max: 3 });
  });

  it("gives a zonal GKE cluster the free-tier credit only at the low end", async () => {
    const dev = await planStack("gcp-dev");
    expect(dev.cost.items[0]).toMatchObject({
      item: "GKE cluster management fee (zonal)",
      monthly: { min: 0, max: 73 },
    });
    const prod = await planStack("gcp-prod");
    expect(prod.cost.items[0]).toMatchObject({
      item: "GKE cluster management fee (regional)",
      monthly: { min: 73, max: 73 },
    });
  });

  it("charges the AKS control plane only on the Standard tier", async () => {
    expect((await planStack("azure-dev")).cost.items[0]).toMatchObject({ monthly: { min: 0, max: 0 } });
    expect((await planStack("azure-prod")).cost.items[0]).toMatchObject({ monthly: { min: 73, max: 73 } });
  });

  it("flags an unknown machine type instead of counting it as zero", async () => {
    const plan = await planStack("aws-dev");
    const resources = plan.resources.map((r) =>
      r.type === "aws:eks/nodeGroup:NodeGroup"
        ? { ...r, inputs: { ...r.inputs, instanceTypes: ["x9.mega"] } }
        : r,
    );
    const cost = estimateCost("aws", "platform", resources);
    expect(cost.unpriced).toEqual([{ item: "EKS nodes cluster-nodes", sku: "x9.mega" }]);
    expect(cost.complete).toBe(false);
    expect(cost.items.some((i) => i.sku === "x9.mega")).toBe(false);
  });

  it("bounds a preview by what its quota allows", async () => {
    const { cost } = await planStack("feature-example");
    // 2 vCPU and 4 GiB requested: the cpu share (2 of an m6i.large's 2 vCPU) is the larger.
    expect(cost.items).toEqual([
      expect.objectContaining({
        sku: "m6i.large",
        quantity: { min: 0, max: 1 },
        monthly: { min: 0, max: month(MACHINES.aws["m6i.large"]!.hourly) },
      }),
    ]);
  });

  it("costs nothing for a local cluster", async () => {
    expect((await planStack("local")).cost).toMatchObject({ monthly: { min: 0, max: 0 }, items: [] });
  });

  it.each([
    ["250m", "cpu", 0.25],
    ["2", "cpu", 2],
    ["512Mi", "memory", 0.5],
    ["4Gi", "memory", 4],
    ["1Ti", "memory", 1024],
  ] as const)("parseQuantity(%s, %s) = %d", (q, kind, expected) => {
    expect(parseQuantity(q, kind)).toBeCloseTo(expected, 6);
  });
});
