import { T } from "../../policies/lib";
import { baseline, change, reported, without } from "../helpers/policy";

type Resources = Awaited<ReturnType<typeof baseline>>;
const ecrPolicy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "x", Effect: "Allow", ...statement }] });

const cases: [string, string, string, (r: Resources) => Resources, string[]][] = [
  [
    "steuermann-registry-immutable-tags",
    "ECR mutable tags",
    "aws-dev",
    (r) => change(r, T.ecrRepository, (p) => (p.imageTagMutability = "MUTABLE")),
    ['mandatory steuermann-aws-dev: tags are mutable: set imageTagMutability to "IMMUTABLE"'],
  ],
  [
    "steuermann-registry-immutable-tags",
    "Artifact Registry mutable tags",
    "gcp-dev",
    (r) => change(r, T.garRepository, (p) => (p.dockerConfig.immutableTags = false)),
    ["mandatory steuermann-gcp-dev: tags are mutable: set dockerConfig.immutableTags to true"],
  ],
  [
    "steuermann-registry-scan-on-push",
    "ECR without scanning",
    "aws-dev",
    (r) => change(r, T.ecrRepository, (p) => (p.imageScanningConfiguration.scanOnPush = false)),
    [
      "mandatory steuermann-aws-dev: images are not scanned on push: set imageScanningConfiguration.scanOnPush to true",
    ],
  ],
  [
    "steuermann-registry-scan-on-push",
    "Artifact Registry scanning disabled",
    "gcp-dev",
    (r) => change(r, T.garRepository, (p) => (p.vulnerabilityScanningConfig.enablementConfig = "DISABLED")),
    [
      "mandatory steuermann-gcp-dev: vulnerability scanning is disabled: set vulnerabilityScanningConfig.enablementConfig to INHERITED",
    ],
  ],
  [
    "steuermann-registry-not-public",
    "ACR admin user",
    "azure-dev",
    (r) => change(r, T.acr, (p) => (p.adminUserEnabled = true)),
    [
      "mandatory REGISTRY: the admin user (a shared, long-lived password) is on: set adminUserEnabled to false",
    ],
  ],
  [
    "steuermann-registry-not-public",
    "ACR anonymous pull",
    "azure-dev",
    (r) => change(r, T.acr, (p) => (p.anonymousPullEnabled = true)),
    ["mandatory REGISTRY: anyone can pull: set anonymousPullEnabled to false"],
  ],
  [
    "steuermann-registry-not-public",
    "ECR policy for everyone",
    "aws-dev",
    (r) =>
      change(
        r,
        T.ecrRepositoryPolicy,
        (p) => (p.policy = ecrPolicy({ Principal: "*", Action: ["ecr:BatchGetImage"] })),
      ),
    ["mandatory registry-pull: the repository policy allows Principal *: name the roles that may pull"],
  ],
  [
    "steuermann-registry-not-public",
    "Artifact Registry for allUsers",
    "gcp-dev",
    (r) => change(r, T.garIamMember, (p) => (p.member = "allUsers")),
    ["mandatory registry-node-reader: allUsers may read the repository: grant a service account instead"],
  ],
  [
    "steuermann-registry-least-privilege-pull",
    "ECR pull grant that can push",
    "aws-dev",
    (r) =>
      change(r, T.ecrRepositoryPolicy, (p) => {
        const doc = JSON.parse(p.policy);
        doc.Statement[0].Action.push("ecr:PutImage");
        p.policy = JSON.stringify(doc);
      }),
    [
      "mandatory registry-pull: the repository policy grants ecr:PutImage beyond pulling: keep ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability",
    ],
  ],
  [
    "steuermann-registry-least-privilege-pull",
    "Contributor for the kubelet identity",
    "azure-dev",
    (r) =>
      change(
        r,
        T.roleAssignment,
        (p) =>
          (p.roleDefinitionId =
            "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c"),
        "registry-kubelet-pull",
      ),
    [
      "mandatory registry-kubelet-pull: the cluster identity gets a write role on the registry: assign AcrPull (7f951dda-4ed3-4680-a7ca-43fe172d538d) instead",
    ],
  ],
  [
    "steuermann-registry-least-privilege-pull",
    "writer for the node account",
    "gcp-dev",
    (r) => change(r, T.garIamMember, (p) => (p.role = "roles/artifactregistry.writer")),
    [
      "mandatory registry-node-reader: the node identity gets roles/artifactregistry.writer: roles/artifactregistry.reader is all a pull needs",
    ],
  ],
];

describe("registry rules", () => {
  it.each(cases)("%s: %s", async (rule, _condition, stack, edit, expected) => {
    const base = await baseline(stack);
    const acr = base.find((r) => r.type === T.acr)?.inputs.registryName as string | undefined;
    expect(await reported(rule, base)).toEqual([]);
    expect(await reported(rule, edit(base))).toEqual(expected.map((e) => e.replace("REGISTRY", acr ?? "")));
  });

  it("advises KMS encryption where a registry uses provider-managed keys", async () => {
    const aws = await baseline("aws-dev");
    expect(await reported("steuermann-registry-kms-encryption", aws)).toEqual([]);
    expect(
      await reported(
        "steuermann-registry-kms-encryption",
        change(aws, T.ecrRepository, (p) => delete p.encryptionConfigurations),
      ),
    ).toEqual([
      'advisory steuermann-aws-dev: images are encrypted with AES256 only: set encryptionConfigurations [{ encryptionType: "KMS" }]',
    ]);
    expect(await reported("steuermann-registry-kms-encryption", await baseline("gcp-dev"))).toEqual([
      "advisory steuermann-gcp-dev: images use Google-managed encryption: set kmsKeyName to a Cloud KMS key",
    ]);
  });

  it("advises a retention policy so storage does not grow forever", async () => {
    const aws = await baseline("aws-dev");
    expect(await reported("steuermann-registry-retention", aws)).toEqual([]);
    expect(await reported("steuermann-registry-retention", without(aws, T.ecrLifecyclePolicy))).toEqual([
      "advisory steuermann-aws-dev: no lifecycle policy keeps the image count bounded",
    ]);
    const gcp = await baseline("gcp-dev");
    expect(
      await reported(
        "steuermann-registry-retention",
        change(gcp, T.garRepository, (p) => (p.cleanupPolicies = [])),
      ),
    ).toEqual(["advisory steuermann-gcp-dev: no cleanupPolicies keep the version count bounded"]);
  });
});
