/**
 * Tier defaults in one table. Every cloud component reads its safety and cost switches from
 * here, so "what does prod change?" has one answer.
 */
export const TIERS = ["dev", "staging", "prod"] as const;
export type Tier = (typeof TIERS)[number];

export const CLOUDS = ["aws", "azure", "gcp", "local"] as const;
export type Cloud = (typeof CLOUDS)[number];

export interface TierDefaults {
  /** Pulumi `protect` on stateful resources (cluster, registry, KMS key): a destroy must be deliberate. */
  protect: boolean;
  /** The API server may have a public endpoint (still limited to `network.authorizedNetworks`). */
  publicEndpoint: boolean;
  /** Spot / preemptible nodes for the workload pool unless `nodePool.spot` says otherwise. */
  spot: boolean;
  /** Paid control-plane SLA tier (AKS Standard); dev and staging use the free tier. */
  paidControlPlane: boolean;
  /** One NAT gateway per zone (survives a zone outage) instead of a single shared one. */
  natPerZone: boolean;
  /** Node pool bounds when `steuermann:nodePool` is not set. */
  nodePool: { minNodes: number; maxNodes: number };
  /** Days to keep control-plane logs and the KMS key's deletion window. */
  logRetentionDays: number;
  kmsDeletionWindowDays: number;
}

export const TIER_DEFAULTS: Readonly<Record<Tier, Readonly<TierDefaults>>> = {
  dev: {
    protect: false,
    publicEndpoint: true,
    spot: true,
    paidControlPlane: false,
    natPerZone: false,
    nodePool: { minNodes: 1, maxNodes: 3 },
    logRetentionDays: 7,
    kmsDeletionWindowDays: 7,
  },
  staging: {
    protect: false,
    publicEndpoint: true,
    spot: true,
    paidControlPlane: false,
    natPerZone: false,
    nodePool: { minNodes: 2, maxNodes: 6 },
    logRetentionDays: 30,
    kmsDeletionWindowDays: 14,
  },
  prod: {
    protect: true,
    publicEndpoint: false,
    spot: false,
    paidControlPlane: true,
    natPerZone: true,
    nodePool: { minNodes: 3, maxNodes: 10 },
    logRetentionDays: 90,
    kmsDeletionWindowDays: 30,
  },
};

/** Default machine type per cloud and tier: burstable or small general-purpose outside prod. */
export const DEFAULT_MACHINE_TYPES: Readonly<
  Record<Exclude<Cloud, "local">, Readonly<Record<Tier, string>>>
> = {
  aws: { dev: "t3.medium", staging: "m6i.large", prod: "m6i.large" },
  azure: { dev: "Standard_D2s_v5", staging: "Standard_D2s_v5", prod: "Standard_D4s_v5" },
  gcp: { dev: "e2-standard-2", staging: "e2-standard-2", prod: "e2-standard-4" },
};
