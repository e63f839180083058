/**
 * List prices (USD, on-demand, Linux) for what steuermann creates. One reference region per
 * cloud: us-east-1, eastus, us-central1, whose prices are the most widely published; other
 * regions differ by roughly 0-25 %. Compiled on PRICES_AS_OF from the providers' pricing pages
 * listed in PRICE_SOURCES; the plan never fetches prices. Refresh this file and the date together.
 */
export const PRICES_AS_OF = "2026-11-24";
export const HOURS_PER_MONTH = 730;

export const PRICE_SOURCES = [
  "https://aws.amazon.com/eks/pricing/ (control plane $0.10/h standard, $0.60/h extended support)",
  "https://aws.amazon.com/ec2/pricing/on-demand/ (instances, us-east-1)",
  "https://aws.amazon.com/vpc/pricing/ (NAT gateway, public IPv4)",
  "https://aws.amazon.com/ebs/pricing/, https://aws.amazon.com/ecr/pricing/, https://aws.amazon.com/cloudwatch/pricing/, https://aws.amazon.com/kms/pricing/",
  "https://azure.microsoft.com/pricing/details/kubernetes-service/ (Standard tier $0.10/h per cluster)",
  "https://azure.microsoft.com/pricing/details/virtual-machines/linux/ (eastus)",
  "https://azure.microsoft.com/pricing/details/container-registry/, https://azure.microsoft.com/pricing/details/monitor/, https://azure.microsoft.com/pricing/details/load-balancer/",
  "https://cloud.google.com/kubernetes-engine/pricing ($0.10/h per cluster; $74.40 monthly free-tier credit: one zonal cluster)",
  "https://cloud.google.com/compute/vm-instance-pricing (us-central1), https://cloud.google.com/nat/pricing, https://cloud.google.com/artifact-registry/pricing, https://cloud.google.com/stackdriver/pricing",
];

export interface MachinePrice {
  hourly: number;
  vcpu: number;
  memoryGiB: number;
}

/** Spot and preemptible capacity: the share of the on-demand price it can cost, low and high. */
export const SPOT_RANGE = { aws: [0.3, 1.0], azure: [0.1, 1.0], gcp: [0.09, 0.4] } as const;

export const MACHINES: Record<"aws" | "azure" | "gcp", Record<string, MachinePrice>> = {
  aws: {
    "t3.medium": { hourly: 0.0416, vcpu: 2, memoryGiB: 4 },
    "t3.large": { hourly: 0.0832, vcpu: 2, memoryGiB: 8 },
    "t3.xlarge": { hourly: 0.1664, vcpu: 4, memoryGiB: 16 },
    "m6i.large": { hourly: 0.096, vcpu: 2, memoryGiB: 8 },
    "m6i.xlarge": { hourly: 0.192, vcpu: 4, memoryGiB: 16 },
    "m6i.2xlarge": { hourly: 0.384, vcpu: 8, memoryGiB: 32 },
    "m7i.large": { hourly: 0.1008, vcpu: 2, memoryGiB: 8 },
    "c6i.large": { hourly: 0.085, vcpu: 2, memoryGiB: 4 },
  },
  azure: {
    Standard_D2s_v5: { hourly: 0.096, vcpu: 2, memoryGiB: 8 },
    Standard_D4s_v5: { hourly: 0.192, vcpu: 4, memoryGiB: 16 },
    Standard_D8s_v5: { hourly: 0.384, vcpu: 8, memoryGiB: 32 },
    Standard_B2s: { hourly: 0.0416, vcpu: 2, memoryGiB: 4 },
  },
  gcp: {
    "e2-standard-2": { hourly: 0.067006, vcpu: 2, memoryGiB: 8 },
    "e2-standard-4": { hourly: 0.134012, vcpu: 4, memoryGiB: 16 },
    "e2-standard-8": { hourly: 0.268024, vcpu: 8, memoryGiB: 32 },
    "n2-standard-2": { hourly: 0.097118, vcpu: 2, memoryGiB: 8 },
    "n2-standard-4": { hourly: 0.194236, vcpu: 4, memoryGiB: 16 },
  },
};

/** Reference machine per cloud for pricing a preview's quota (cpu or memory share of it). */
export const QUOTA_REFERENCE = { aws: "m6i.large", azure: "Standard_D2s_v5", gcp: "e2-standard-2" } as const;

export const FLAT = {
  controlPlaneHourly: 0.1,
  eksExtendedSupportHourly: 0.6,
  gkeFreeTierMonthly: 74.4,
  awsNatHourly: 0.045,
  awsPublicIpv4Hourly: 0.005,
  ebsGp3PerGbMonth: 0.08,
  ecrPerGbMonth: 0.1,
  cloudwatchLogsPerGb: 0.5,
  awsKmsKeyMonthly: 1.0,
  acrDaily: { Basic: 0.167, Standard: 0.667, Premium: 1.667 } as Record<string, number>,
  azureLogAnalyticsPerGb: 2.3,
  azureStandardLbHourly: 0.025,
  azureManagedDiskPerGbMonth: 0.15,
  gcpNatPerVmHourly: 0.0014,
  gcpPdBalancedPerGbMonth: 0.1,
  garPerGbMonth: 0.1,
  garFreeGb: 0.5,
  gcpKmsKeyMonthly: 0.06,
};

/** Assumptions where the bill depends on use, not on what the plan creates. */
export const ASSUME = {
  /** Average pushed image size. */
  imageGb: 0.2,
  /** Control-plane log ingestion per month, low and high. */
  awsControlPlaneLogsGb: [1, 20] as const,
  azureAuditLogsGb: [1, 10] as const,
};
