/**
 * Helpers shared by the rule modules. Rules match Pulumi type tokens rather than SDK classes, so
 * that the pack (and the offline plan that evaluates it) never loads a cloud SDK.
 */
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/** Loose JSON view of a resource's inputs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Props = Record<string, any>;
export type Tier = "dev" | "staging" | "prod";
const TIERS: readonly string[] = ["dev", "staging", "prod"];
const TIER_KEYS = ["steuermann:tier", "steuermann-tier"];

/**
 * The tier a resource was created for, from the tag or label steuermann sets on every cloud
 * resource. A resource without one is judged as prod: the pack errs on the strict side.
 */
export function tierOf(props: Props): Tier {
  for (const bag of [props.tags, props.labels, props.resourceLabels, props.nodeConfig?.resourceLabels]) {
    for (const key of TIER_KEYS) {
      const value = bag?.[key];
      if (typeof value === "string" && TIERS.includes(value)) {
        return value as Tier;
      }
    }
  }
  return "prod";
}

/** The resource's name in its cloud (or Kubernetes), else its Pulumi name. */
export function displayName(props: Props, fallback: string): string {
  // A node pool names its cluster in resourceName: its own name comes first.
  for (const value of [
    props.agentPoolName,
    props.name,
    props.resourceName,
    props.registryName,
    props.repositoryId,
    props.metadata?.name,
  ]) {
    if (typeof value === "string" && value !== "") {
      return value;
    }
  }
  return fallback;
}

export function asArray<T>(value: T[] | T | undefined | null): T[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** `Standard_D*s_v5` style patterns: `*` matches any run of characters. */
export function matchesPattern(value: string, pattern: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return regex.test(value);
}

export interface ResourceRuleSpec {
  /** `steuermann-<area>-<rule>`. */
  name: string;
  /** What is checked, with its CIS and Checkov references. */
  description: string;
  /** @default "mandatory" */
  enforcementLevel?: EnforcementLevel;
  configSchema?: PolicyConfigSchema;
  /** Type tokens the rule looks at (or a test of the token); every other resource is skipped. */
  types: readonly string[] | ((type: string) => boolean);
  validate: (props: Props, args: ResourceValidationArgs, report: (message: string) => void) => void;
}

export function resourceRule(spec: ResourceRuleSpec): ResourceValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel ?? "mandatory",
    ...(spec.configSchema !== undefined ? { configSchema: spec.configSchema } : {}),
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      const applies =
        typeof spec.types === "function" ? spec.types(args.type) : spec.types.includes(args.type);
      if (!applies) {
        return;
      }
      const label = displayName(args.props, args.name);
      spec.validate(args.props, args, (message) => report(`${label}: ${message}`));
    },
  };
}

export interface StackRuleSpec {
  name: string;
  description: string;
  enforcementLevel?: EnforcementLevel;
  configSchema?: PolicyConfigSchema;
  validate: (resources: PolicyResource[], args: StackValidationArgs, report: ReportViolation) => void;
}

export function stackRule(spec: StackRuleSpec): StackValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel ?? "mandatory",
    ...(spec.configSchema !== undefined ? { configSchema: spec.configSchema } : {}),
    validateStack: (args, report) => spec.validate(args.resources, args, report),
  };
}

export function ofType(resources: PolicyResource[], ...types: string[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type));
}

/** Type tokens the rules use, in one place. */
export const T = {
  eksCluster: "aws:eks/cluster:Cluster",
  eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
  eksAddon: "aws:eks/addon:Addon",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  ecrRepository: "aws:ecr/repository:Repository",
  ecrRepositoryPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
  ecrLifecyclePolicy: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  aks: "azure-native:containerservice:ManagedCluster",
  aksPool: "azure-native:containerservice:AgentPool",
  acr: "azure-native:containerregistry:Registry",
  roleAssignment: "azure-native:authorization:RoleAssignment",
  diagnosticSetting: "azure-native:monitor:DiagnosticSetting",
  gke: "gcp:container/cluster:Cluster",
  gkePool: "gcp:container/nodePool:NodePool",
  garRepository: "gcp:artifactregistry/repository:Repository",
  garIamMember: "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
  garIamBinding: "gcp:artifactregistry/repositoryIamBinding:RepositoryIamBinding",
  projectIamMember: "gcp:projects/iAMMember:IAMMember",
  helmRelease: "kubernetes:helm.sh/v3:Release",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  daemonSet: "kubernetes:apps/v1:DaemonSet",
  job: "kubernetes:batch/v1:Job",
  cronJob: "kubernetes:batch/v1:CronJob",
  pod: "kubernetes:core/v1:Pod",
  service: "kubernetes:core/v1:Service",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  namespace: "kubernetes:core/v1:Namespace",
  resourceQuota: "kubernetes:core/v1:ResourceQuota",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
} as const;

/** Kinds with a pod template, and where their pod spec sits. */
export const POD_SPEC_PATHS: Record<string, (props: Props) => Props | undefined> = {
  [T.deployment]: (p) => p.spec?.template?.spec,
  [T.statefulSet]: (p) => p.spec?.template?.spec,
  [T.daemonSet]: (p) => p.spec?.template?.spec,
  [T.job]: (p) => p.spec?.template?.spec,
  [T.cronJob]: (p) => p.spec?.jobTemplate?.spec?.template?.spec,
  [T.pod]: (p) => p.spec,
};
export const WORKLOAD_TYPES = Object.keys(POD_SPEC_PATHS);

/** Every container of a pod spec (init containers included), with a label for messages. */
export function containersOf(podSpec: Props | undefined): { label: string; container: Props }[] {
  const out: { label: string; container: Props }[] = [];
  for (const [kind, list] of [
    ["container", podSpec?.containers],
    ["init container", podSpec?.initContainers],
  ] as const) {
    for (const container of asArray<Props>(list)) {
      out.push({ label: `${kind} ${String(container?.name ?? "?")}`, container });
    }
  }
  return out;
}
