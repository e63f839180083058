/**
 * A monthly cost range for a plan: the least it costs (every pool at its minimum, spot at its
 * cheapest) and the most (every pool at its maximum, spot at the on-demand price). Prices come
 * from the dated table in prices.ts; an unknown SKU is listed as unpriced, never counted as zero.
 */
import {
  ASSUME,
  FLAT,
  HOURS_PER_MONTH,
  MachinePrice,
  MACHINES,
  PRICES_AS_OF,
  QUOTA_REFERENCE,
  SPOT_RANGE,
} from "./prices";

type Cloud = "aws" | "azure" | "gcp";
type Range = { min: number; max: number };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Props = Record<string, any>;

export interface CostItem {
  item: string;
  sku?: string;
  quantity: Range;
  unit: string;
  monthly: Range;
  note?: string;
}

export interface CostEstimate {
  currency: "USD";
  monthly: Range;
  items: CostItem[];
  /** SKUs the price table does not know: not in the totals, so the totals are a lower bound. */
  unpriced: { item: string; sku: string }[];
  complete: boolean;
  pricesAsOf: string;
  assumptions: string[];
}

interface Resource {
  type: string;
  name: string;
  inputs: Props;
}

const round = (n: number) => Math.round(n * 100) / 100;
const range = (min: number, max: number): Range => ({ min: round(min), max: round(max) });

/** Kubernetes quantity → cores (cpu) or GiB (memory). */
export function parseQuantity(q: string, kind: "cpu" | "memory"): number {
  if (kind === "cpu") {
    return q.endsWith("m") ? Number(q.slice(0, -1)) / 1000 : Number(q);
  }
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
  if (!match) {
    return Number.NaN;
  }
  const factor: Record<string, number> = {
    Ki: 1 / 1024 ** 2,
    Mi: 1 / 1024,
    Gi: 1,
    Ti: 1024,
    k: 1e3 / 1024 ** 3,
    M: 1e6 / 1024 ** 3,
    G: 1e9 / 1024 ** 3,
    T: 1e12 / 1024 ** 3,
  };
  return Number(match[1]) * (match[2] ? (factor[match[2]] ?? 1) : 1 / 1024 ** 3);
}

class Estimate {
  items: CostItem[] = [];
  unpriced: { item: string; sku: string }[] = [];
  assumptions = new Set<string>();

  add(item: CostItem): void {
    this.items.push(item);
  }

  /** Something every node of a pool carries (its disk), priced per node and month. */
  perNode(item: string, nodes: Range, monthlyEach: number, extra: Partial<CostItem> = {}): void {
    this.add({
      item,
      quantity: nodes,
      unit: "node",
      monthly: range(nodes.min * monthlyEach, nodes.max * monthlyEach),
      ...extra,
    });
  }

  /** `count` of something with a flat monthly price; nothing when count is 0. */
  fixed(item: string, count: number, unit: string, monthlyEach: number, extra: Partial<CostItem> = {}): void {
    if (count > 0) {
      this.add({
        item,
        quantity: range(count, count),
        unit,
        monthly: range(count * monthlyEach, count * monthlyEach),
        ...extra,
      });
    }
  }

  /** A node pool: nodes between min and max of `sku`, spot priced as a range. */
  pool(
    cloud: Cloud,
    label: string,
    sku: string | undefined,
    nodes: Range,
    spot: boolean,
  ): MachinePrice | undefined {
    const price = sku !== undefined ? MACHINES[cloud][sku] : undefined;
    if (sku === undefined || price === undefined) {
      this.unpriced.push({ item: label, sku: sku ?? "unknown" });
      return undefined;
    }
    const [low, high] = spot ? SPOT_RANGE[cloud] : [1, 1];
    if (spot) {
      this.assumptions.add(`spot nodes cost ${low * 100}-${high * 100} % of the on-demand price`);
    }
    this.add({
      item: `${label}${spot ? " (spot)" : ""}`,
      sku,
      quantity: nodes,
      unit: "node",
      monthly: range(
        nodes.min * price.hourly * HOURS_PER_MONTH * low,
        nodes.max * price.hourly * HOURS_PER_MONTH * high,
      ),
    });
    return price;
  }

  result(): CostEstimate {
    const sum = (k: "min" | "max") => round(this.items.reduce((acc, i) => acc + i.monthly[k], 0));
    return {
      currency: "USD",
      monthly: { min: sum("min"), max: sum("max") },
      items: this.items,
      unpriced: this.unpriced,
      complete: this.unpriced.length === 0,
      pricesAsOf: PRICES_AS_OF,
      assumptions: [...this.assumptions],
    };
  }
}

const hourly = (rate: number, count = 1) => count * rate * HOURS_PER_MONTH;
const ofType = (resources: Resource[], type: string) => resources.filter((r) => r.type === type);

function aws(resources: Resource[], e: Estimate): void {
  for (const c of ofType(resources, "aws:eks/cluster:Cluster")) {
    const rate =
      c.inputs.upgradePolicy?.supportType === "EXTENDED"
        ? FLAT.eksExtendedSupportHourly
        : FLAT.controlPlaneHourly;
    e.fixed("EKS control plane", 1, "cluster", hourly(rate));
  }
  const disk = ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate")[0]?.inputs.blockDeviceMappings?.[0]
    ?.ebs?.volumeSize;
  for (const ng of ofType(resources, "aws:eks/nodeGroup:NodeGroup")) {
    const nodes = range(ng.inputs.scalingConfig?.minSize ?? 0, ng.inputs.scalingConfig?.maxSize ?? 0);
    e.pool(
      "aws",
      `EKS nodes ${ng.name}`,
      ng.inputs.instanceTypes?.[0],
      nodes,
      ng.inputs.capacityType === "SPOT",
    );
    const gb = typeof disk === "number" ? disk : (ng.inputs.diskSize ?? 20);
    e.perNode(`EBS gp3 root volumes (${gb} GB per node)`, nodes, gb * FLAT.ebsGp3PerGbMonth);
  }
  e.fixed(
    "NAT gateways (with their public IPv4)",
    ofType(resources, "aws:ec2/natGateway:NatGateway").length,
    "gateway",
    hourly(FLAT.awsNatHourly + FLAT.awsPublicIpv4Hourly),
    { note: "data processing ($0.045/GB) comes on top" },
  );
  for (const repo of ofType(resources, "aws:ecr/repository:Repository")) {
    const keep = lifecycleKeep(resources);
    e.assumptions.add(`an image is ${ASSUME.imageGb} GB on average`);
    e.add({
      item: `ECR storage (${repo.inputs.name ?? repo.name}, up to ${keep} images)`,
      quantity: range(ASSUME.imageGb, keep * ASSUME.imageGb),
      unit: "GB",
      monthly: range(ASSUME.imageGb * FLAT.ecrPerGbMonth, keep * ASSUME.imageGb * FLAT.ecrPerGbMonth),
    });
  }
  if (ofType(resources, "aws:cloudwatch/logGroup:LogGroup").length > 0) {
    const [lo, hi] = ASSUME.awsControlPlaneLogsGb;
    e.assumptions.add(`EKS control-plane logs ingest ${lo}-${hi} GB a month`);
    e.add({
      item: "CloudWatch Logs ingestion (control plane)",
      quantity: range(lo, hi),
      unit: "GB",
      monthly: range(lo * FLAT.cloudwatchLogsPerGb, hi * FLAT.cloudwatchLogsPerGb),
    });
  }
  e.fixed("KMS keys", ofType(resources, "aws:kms/key:Key").length, "key", FLAT.awsKmsKeyMonthly);
}

function lifecycleKeep(resources: Resource[]): number {
  for (const lc of ofType(resources, "aws:ecr/lifecyclePolicy:LifecyclePolicy")) {
    try {
      const rules = JSON.parse(String(lc.inputs.policy)).rules as {
        selection?: { countType?: string; countNumber?: number };
      }[];
      const keep = rules.find((r) => r.selection?.countType === "imageCountMoreThan")?.selection?.countNumber;
      if (typeof keep === "number") {
        return keep;
      }
    } catch {
      // fall through to the default below
    }
  }
  return 100;
}

function azure(resources: Resource[], e: Estimate): void {
  for (const c of ofType(resources, "azure-native:containerservice:ManagedCluster")) {
    const paid = c.inputs.sku?.tier === "Standard" || c.inputs.sku?.tier === "Premium";
    e.fixed(
      `AKS control plane (${String(c.inputs.sku?.tier ?? "Free")} tier)`,
      1,
      "cluster",
      paid ? hourly(FLAT.controlPlaneHourly) : 0,
    );
    e.fixed("Standard Load Balancer (AKS outbound)", 1, "load balancer", hourly(FLAT.azureStandardLbHourly), {
      note: "rules and data processed come on top",
    });
    for (const pool of (c.inputs.agentPoolProfiles ?? []) as Props[]) {
      azurePool(e, `AKS pool ${String(pool.name)}`, pool);
    }
  }
  for (const pool of ofType(resources, "azure-native:containerservice:AgentPool")) {
    azurePool(e, `AKS pool ${String(pool.inputs.agentPoolName ?? pool.name)}`, pool.inputs);
  }
  for (const acr of ofType(resources, "azure-native:containerregistry:Registry")) {
    const sku = String(acr.inputs.sku?.name ?? "Basic");
    const daily = FLAT.acrDaily[sku];
    if (daily === undefined) {
      e.unpriced.push({ item: "Azure Container Registry", sku });
    } else {
      e.fixed(`Azure Container Registry (${sku})`, 1, "registry", daily * (HOURS_PER_MONTH / 24), { sku });
    }
  }
  if (ofType(resources, "azure-native:operationalinsights:Workspace").length > 0) {
    const [lo, hi] = ASSUME.azureAuditLogsGb;
    e.assumptions.add(`AKS audit logs ingest ${lo}-${hi} GB a month`);
    e.add({
      item: "Log Analytics ingestion (AKS audit)",
      quantity: range(lo, hi),
      unit: "GB",
      monthly: range(lo * FLAT.azureLogAnalyticsPerGb, hi * FLAT.azureLogAnalyticsPerGb),
    });
  }
}

function azurePool(e: Estimate, label: string, pool: Props): void {
  const nodes =
    pool.enableAutoScaling === true
      ? range(pool.minCount ?? 0, pool.maxCount ?? 0)
      : range(pool.count ?? 1, pool.count ?? 1);
  e.pool("azure", label, pool.vmSize, nodes, pool.scaleSetPriority === "Spot");
  const gb = typeof pool.osDiskSizeGB === "number" ? pool.osDiskSizeGB : 128;
  e.perNode(`${label} OS disks (${gb} GB per node)`, nodes, gb * FLAT.azureManagedDiskPerGbMonth, {
    note: "managed disks bill by size tier; priced per GB as an approximation",
  });
}

function gcp(resources: Resource[], e: Estimate): void {
  for (const c of ofType(resources, "gcp:container/cluster:Cluster")) {
    const zonal = /-[a-z]$/.test(String(c.inputs.location ?? ""));
    const fee = hourly(FLAT.controlPlaneHourly);
    e.add({
      item: `GKE cluster management fee (${zonal ? "zonal" : "regional"})`,
      quantity: range(1, 1),
      unit: "cluster",
      monthly: range(zonal ? Math.max(0, fee - FLAT.gkeFreeTierMonthly) : fee, fee),
      ...(zonal ? { note: "the $74.40 free-tier credit covers one zonal cluster per billing account" } : {}),
    });
  }
  let nodeRange = range(0, 0);
  for (const pool of ofType(resources, "gcp:container/nodePool:NodePool")) {
    const a = pool.inputs.autoscaling ?? {};
    const nodes = range(
      a.totalMinNodeCount ?? a.minNodeCount ?? pool.inputs.nodeCount ?? 0,
      a.totalMaxNodeCount ?? a.maxNodeCount ?? pool.inputs.nodeCount ?? 0,
    );
    nodeRange = range(nodeRange.min + nodes.min, nodeRange.max + nodes.max);
    e.pool(
      "gcp",
      `GKE pool ${String(pool.inputs.name ?? pool.name)}`,
      pool.inputs.nodeConfig?.machineType,
      nodes,
      pool.inputs.nodeConfig?.spot === true,
    );
    const gb = pool.inputs.nodeConfig?.diskSizeGb ?? 100;
    e.perNode(`Persistent disks, pd-balanced (${gb} GB per node)`, nodes, gb * FLAT.gcpPdBalancedPerGbMonth);
  }
  if (ofType(resources, "gcp:compute/routerNat:RouterNat").length > 0) {
    e.add({
      item: "Cloud NAT (per VM behind it)",
      quantity: nodeRange,
      unit: "VM",
      monthly: range(
        hourly(FLAT.gcpNatPerVmHourly, nodeRange.min),
        hourly(FLAT.gcpNatPerVmHourly, nodeRange.max),
      ),
      note: "data processed ($0.045/GB) comes on top",
    });
  }
  for (const repo of ofType(resources, "gcp:artifactregistry/repository:Repository")) {
    const keep = Number(
      repo.inputs.cleanupPolicies?.find((p: Props) => p.action === "KEEP")?.mostRecentVersions?.keepCount ??
        100,
    );
    e.assumptions.add(`an image is ${ASSUME.imageGb} GB on average`);
    const gb = (n: number) => Math.max(0, n * ASSUME.imageGb - FLAT.garFreeGb);
    e.add({
      item: `Artifact Registry storage (up to ${keep} versions, 0.5 GB free)`,
      quantity: range(ASSUME.imageGb, keep * ASSUME.imageGb),
      unit: "GB",
      monthly: range(gb(1) * FLAT.garPerGbMonth, gb(keep) * FLAT.garPerGbMonth),
    });
  }
  e.fixed(
    "Cloud KMS keys",
    ofType(resources, "gcp:kms/cryptoKey:CryptoKey").length,
    "key",
    FLAT.gcpKmsKeyMonthly,
  );
}

/** A preview costs at most the nodes its quota can fill: the cpu or memory share of a reference machine. */
function feature(cloud: Cloud, resources: Resource[], e: Estimate): void {
  const ref = MACHINES[cloud][QUOTA_REFERENCE[cloud]] as MachinePrice;
  for (const q of ofType(resources, "kubernetes:core/v1:ResourceQuota")) {
    const hard = q.inputs.spec?.hard ?? {};
    const cpu = parseQuantity(String(hard["requests.cpu"] ?? "0"), "cpu");
    const mem = parseQuantity(String(hard["requests.memory"] ?? "0"), "memory");
    const share = Math.max(cpu / ref.vcpu, mem / ref.memoryGiB);
    e.assumptions.add(`a preview is priced as its quota's share of a ${QUOTA_REFERENCE[cloud]} node`);
    e.add({
      item: `Preview quota (${cpu} vCPU, ${round(mem)} GiB requested at most)`,
      sku: QUOTA_REFERENCE[cloud],
      quantity: range(0, share),
      unit: "node share",
      monthly: range(0, share * ref.hourly * HOURS_PER_MONTH),
      note: "nothing when idle: the bound is what the quota lets it use",
    });
  }
}

export function estimateCost(cloud: string, role: string, resources: readonly Resource[]): CostEstimate {
  const e = new Estimate();
  const list = [...resources];
  if (cloud !== "aws" && cloud !== "azure" && cloud !== "gcp") {
    return e.result();
  }
  if (role === "feature") {
    feature(cloud, list, e);
  } else if (cloud === "aws") {
    aws(list, e);
  } else if (cloud === "azure") {
    azure(list, e);
  } else {
    gcp(list, e);
  }
  return e.result();
}
