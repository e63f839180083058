/** Registry rules for ECR, ACR and Artifact Registry (CIS 5.1.x, Checkov). */
import type { Policy } from "@pulumi/policy";
import { asArray, ofType, Props, resourceRule, stackRule, T } from "./lib";

/** AcrPull: the only built-in role a cluster needs on a registry. */
const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
/** Roles that can write to or administer an ACR (Owner, Contributor, AcrPush, AcrDelete). */
const ACR_WRITE_ROLES = [
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  "b24988ac-6180-42a0-ab88-20f7382dd24c",
  "8311e382-0749-4cb8-b61a-304f252e45ec",
  "c2f4ef07-c644-48eb-af81-4b1b4947fb11",
];
const ECR_PULL_ACTIONS = [
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchCheckLayerAvailability",
];
const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

function parsePolicy(text: unknown): Props | undefined {
  try {
    return typeof text === "string" ? (JSON.parse(text) as Props) : (text as Props | undefined);
  } catch {
    return undefined;
  }
}

export const registryPolicies: Policy[] = [
  resourceRule({
    name: "steuermann-registry-immutable-tags",
    description:
      "A pushed tag can never point at other bytes. CKV_AWS_51; compliance-policies aws-ecr-repository-disallow-mutable-image.",
    types: [T.ecrRepository, T.garRepository],
    validate: (p, args, report) => {
      if (args.type === T.ecrRepository && p.imageTagMutability !== "IMMUTABLE") {
        report('tags are mutable: set imageTagMutability to "IMMUTABLE"');
      }
      if (args.type === T.garRepository && p.format === "DOCKER" && p.dockerConfig?.immutableTags !== true) {
        report("tags are mutable: set dockerConfig.immutableTags to true");
      }
    },
  }),

  resourceRule({
    name: "steuermann-registry-scan-on-push",
    description: "Every pushed image is scanned for vulnerabilities. CIS EKS 5.1.1; CKV_AWS_163.",
    types: [T.ecrRepository, T.garRepository],
    validate: (p, args, report) => {
      if (args.type === T.ecrRepository && p.imageScanningConfiguration?.scanOnPush !== true) {
        report("images are not scanned on push: set imageScanningConfiguration.scanOnPush to true");
      }
      if (args.type === T.garRepository && p.vulnerabilityScanningConfig?.enablementConfig === "DISABLED") {
        report(
          "vulnerability scanning is disabled: set vulnerabilityScanningConfig.enablementConfig to INHERITED",
        );
      }
    },
  }),

  resourceRule({
    name: "steuermann-registry-not-public",
    description:
      "Nobody pulls without credentials: no ACR admin user or anonymous pull, no ECR policy for Principal *, no allUsers on Artifact Registry. CKV_AZURE_137, CKV_AZURE_138, CKV_AWS_32, CKV_GCP_101.",
    types: [T.acr, T.ecrRepositoryPolicy, T.garIamMember, T.garIamBinding],
    validate: (p, args, report) => {
      if (args.type === T.acr) {
        if (p.adminUserEnabled === true) {
          report("the admin user (a shared, long-lived password) is on: set adminUserEnabled to false");
        }
        if (p.anonymousPullEnabled === true) {
          report("anyone can pull: set anonymousPullEnabled to false");
        }
      } else if (args.type === T.ecrRepositoryPolicy) {
        const doc = parsePolicy(p.policy);
        for (const st of asArray<Props>(doc?.Statement)) {
          const principal = st.Principal;
          const aws = typeof principal === "object" ? principal?.AWS : principal;
          if (st.Effect === "Allow" && (principal === "*" || asArray(aws).includes("*"))) {
            report("the repository policy allows Principal *: name the roles that may pull");
          }
        }
      } else {
        const members = args.type === T.garIamMember ? [p.member] : asArray<string>(p.members);
        for (const m of members.filter((x) => PUBLIC_MEMBERS.includes(String(x)))) {
          report(`${String(m)} may read the repository: grant a service account instead`);
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-registry-least-privilege-pull",
    description:
      "The cluster's pull grant is read-only: ECR pull actions only, AcrPull (not Contributor, Owner or AcrPush), roles/artifactregistry.reader. CIS EKS 5.1.3.",
    types: [T.ecrRepositoryPolicy, T.roleAssignment, T.garIamMember],
    validate: (p, args, report) => {
      if (args.type === T.ecrRepositoryPolicy) {
        const doc = parsePolicy(p.policy);
        for (const st of asArray<Props>(doc?.Statement)) {
          const extra = asArray<string>(st.Action).filter((a) => !ECR_PULL_ACTIONS.includes(a));
          if (st.Effect === "Allow" && extra.length > 0) {
            report(
              `the repository policy grants ${extra.join(", ")} beyond pulling: keep ${ECR_PULL_ACTIONS.join(", ")}`,
            );
          }
        }
      } else if (args.type === T.roleAssignment) {
        // Only the grants that target a registry are in scope.
        const role = String(p.roleDefinitionId ?? "");
        const onRegistry = /registr/i.test(String(p.scope ?? "")) || args.name.includes("pull");
        if (
          onRegistry &&
          p.principalType === "ServicePrincipal" &&
          ACR_WRITE_ROLES.some((r) => role.endsWith(r))
        ) {
          report(
            `the cluster identity gets a write role on the registry: assign AcrPull (${ACR_PULL}) instead`,
          );
        }
      } else if (/node|pull|kubelet/.test(args.name) && p.role !== "roles/artifactregistry.reader") {
        report(`the node identity gets ${String(p.role)}: roles/artifactregistry.reader is all a pull needs`);
      }
    },
  }),

  resourceRule({
    name: "steuermann-registry-kms-encryption",
    description:
      "Images are encrypted with a KMS key. CKV_AWS_136, CKV_GCP_84. Advisory: Artifact Registry uses Google-managed keys unless kmsKeyName is set.",
    enforcementLevel: "advisory",
    types: [T.ecrRepository, T.garRepository],
    validate: (p, args, report) => {
      if (
        args.type === T.ecrRepository &&
        !asArray<Props>(p.encryptionConfigurations).some((c) => c.encryptionType === "KMS")
      ) {
        report(
          'images are encrypted with AES256 only: set encryptionConfigurations [{ encryptionType: "KMS" }]',
        );
      }
      if (args.type === T.garRepository && !p.kmsKeyName) {
        report("images use Google-managed encryption: set kmsKeyName to a Cloud KMS key");
      }
    },
  }),

  stackRule({
    name: "steuermann-registry-retention",
    description:
      "Old images are cleaned up: an ECR lifecycle policy, or Artifact Registry cleanup policies. Advisory: storage cost grows forever otherwise.",
    enforcementLevel: "advisory",
    validate: (resources, _args, report) => {
      const lifecycles = ofType(resources, T.ecrLifecyclePolicy);
      for (const repo of ofType(resources, T.ecrRepository)) {
        if (lifecycles.length === 0) {
          report(
            `${String(repo.props.name ?? repo.name)}: no lifecycle policy keeps the image count bounded`,
            repo.urn,
          );
        }
      }
      for (const repo of ofType(resources, T.garRepository)) {
        if (asArray(repo.props.cleanupPolicies).length === 0) {
          report(
            `${String(repo.props.repositoryId ?? repo.name)}: no cleanupPolicies keep the version count bounded`,
            repo.urn,
          );
        }
      }
    },
  }),
];
