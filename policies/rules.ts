/** Every rule of the pack, in one list: the CrossGuard pack and the offline plan both use it. */
import type { Policy } from "@pulumi/policy";
import { clusterPolicies } from "./cluster";
import { costPolicies } from "./cost";
import { featurePolicies } from "./feature";
import { registryPolicies } from "./registry";
import { workloadPolicies } from "./workload";

export const ALL_POLICIES: readonly Policy[] = [
  ...clusterPolicies,
  ...registryPolicies,
  ...workloadPolicies,
  ...featurePolicies,
  ...costPolicies,
];
