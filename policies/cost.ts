/** Cost rules: how many nodes, and which machine types, each tier may use. Caps are pack config. */
import type { Policy } from "@pulumi/policy";
import { asArray, matchesPattern, Props, resourceRule, T, Tier, tierOf } from "./lib";

export const DEFAULT_MAX_NODES: Record<Tier, number> = { dev: 10, staging: 25, prod: 100 };

/** Burstable and small general-purpose types outside prod; general-purpose families in prod. */
export const DEFAULT_MACHINE_TYPES: Record<Tier, string[]> = {
  dev: [
    "t3.*",
    "t3a.*",
    "t4g.*",
    "m6i.large",
    "m7i.large",
    "Standard_B*",
    "Standard_D2*_v5",
    "Standard_D4*_v5",
    "e2-*",
  ],
  staging: [
    "t3.*",
    "t3a.*",
    "m6i.*large",
    "m7i.*large",
    "Standard_B*",
    "Standard_D*_v5",
    "e2-*",
    "n2-standard-2",
    "n2-standard-4",
  ],
  prod: [
    "m6i.*",
    "m7i.*",
    "c6i.*",
    "c7i.*",
    "r6i.*",
    "Standard_D*_v5",
    "Standard_E*_v5",
    "Standard_F*_v2",
    "e2-standard-*",
    "n2-standard-*",
    "n2d-standard-*",
    "c3-standard-*",
  ],
};

interface Pool {
  label: string;
  max?: number;
  machineTypes: string[];
}

/** Each node pool a resource declares: its label, maximum node count and machine types. */
function poolsOf(type: string, p: Props): Pool[] {
  switch (type) {
    case T.eksNodeGroup:
      return [{ label: "", max: p.scalingConfig?.maxSize, machineTypes: asArray<string>(p.instanceTypes) }];
    case T.aks:
      return asArray<Props>(p.agentPoolProfiles).map((pool) => ({
        label: `pool ${String(pool.name)} `,
        max: pool.enableAutoScaling === true ? pool.maxCount : pool.count,
        machineTypes: pool.vmSize ? [String(pool.vmSize)] : [],
      }));
    case T.aksPool:
      return [
        {
          label: "",
          max: p.enableAutoScaling === true ? p.maxCount : p.count,
          machineTypes: p.vmSize ? [String(p.vmSize)] : [],
        },
      ];
    default:
      return [
        {
          label: "",
          max: p.autoscaling?.totalMaxNodeCount ?? p.autoscaling?.maxNodeCount ?? p.nodeCount,
          machineTypes: p.nodeConfig?.machineType ? [String(p.nodeConfig.machineType)] : [],
        },
      ];
  }
}

const POOL_TYPES = [T.eksNodeGroup, T.aks, T.aksPool, T.gkePool];

export const costPolicies: Policy[] = [
  resourceRule({
    name: "steuermann-cost-node-count-cap",
    description:
      "A node pool's maximum stays under the tier's cap (defaults: dev 10, staging 25, prod 100), so a runaway autoscaler cannot run up the bill.",
    types: POOL_TYPES,
    configSchema: {
      properties: {
        maxNodes: {
          type: "object",
          description: "Maximum nodes per pool, by tier",
          default: DEFAULT_MAX_NODES,
        },
      },
    },
    validate: (p, args, report) => {
      const tier = tierOf(p);
      const caps = {
        ...DEFAULT_MAX_NODES,
        ...(args.getConfig<{ maxNodes?: Partial<Record<Tier, number>> }>().maxNodes ?? {}),
      };
      const cap = caps[tier];
      for (const pool of poolsOf(args.type, p)) {
        if (typeof pool.max === "number" && pool.max > cap) {
          report(`${pool.label}may grow to ${pool.max} nodes, over the ${tier} cap of ${cap}`);
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-cost-machine-types",
    description: "Node pools use machine types allowed for their tier (patterns in pack config).",
    types: POOL_TYPES,
    configSchema: {
      properties: {
        machineTypes: {
          type: "object",
          description: "Allowed machine-type patterns (* wildcard), by tier",
          default: DEFAULT_MACHINE_TYPES,
        },
      },
    },
    validate: (p, args, report) => {
      const tier = tierOf(p);
      const allowed = {
        ...DEFAULT_MACHINE_TYPES,
        ...(args.getConfig<{ machineTypes?: Partial<Record<Tier, string[]>> }>().machineTypes ?? {}),
      }[tier];
      for (const pool of poolsOf(args.type, p)) {
        for (const machine of pool.machineTypes.filter(
          (m) => !allowed.some((pattern) => matchesPattern(m, pattern)),
        )) {
          report(
            `${pool.label}uses ${machine}, which is not allowed in ${tier} (allowed: ${allowed.join(", ")})`,
          );
        }
      }
    },
  }),
];
