import { T } from "../../policies/lib";
import { imageIsPinned } from "../../policies/workload";
import { baseline, change, reported, without } from "../helpers/policy";

type Resources = Awaited<ReturnType<typeof baseline>>;
const container = (p: Record<string, any>) => p.spec.template.spec.containers[0];
const deployment = (edit: (p: Record<string, any>) => void) => (r: Resources) =>
  change(r, T.deployment, edit);

const cases: [string, string, (r: Resources) => Resources, string[]][] = [
  [
    "steuermann-workload-restricted-security-context",
    "may run as root",
    deployment((p) => {
      delete container(p).securityContext.runAsNonRoot;
      delete p.spec.template.spec.securityContext.runAsNonRoot;
    }),
    ["mandatory app: container app may run as root: set runAsNonRoot to true"],
  ],
  [
    "steuermann-workload-restricted-security-context",
    "privilege escalation",
    deployment((p) => (container(p).securityContext.allowPrivilegeEscalation = true)),
    ["mandatory app: container app allows privilege escalation: set allowPrivilegeEscalation to false"],
  ],
  [
    "steuermann-workload-restricted-security-context",
    "privileged",
    deployment((p) => (container(p).securityContext.privileged = true)),
    ["mandatory app: container app is privileged: remove privileged"],
  ],
  [
    "steuermann-workload-restricted-security-context",
    "capabilities kept",
    deployment((p) => (container(p).securityContext.capabilities = { drop: ["NET_RAW"] })),
    ['mandatory app: container app keeps Linux capabilities: set capabilities.drop to ["ALL"]'],
  ],
  [
    "steuermann-workload-restricted-security-context",
    "no seccomp profile",
    deployment((p) => delete p.spec.template.spec.securityContext.seccompProfile),
    ["mandatory app: container app has no seccomp profile: set seccompProfile.type to RuntimeDefault"],
  ],
  [
    "steuermann-workload-restricted-security-context",
    "writable root file system",
    deployment((p) => (container(p).securityContext.readOnlyRootFilesystem = false)),
    ["mandatory app: container app can write its root file system: set readOnlyRootFilesystem to true"],
  ],
  [
    "steuermann-workload-resources",
    "no cpu request",
    deployment((p) => delete container(p).resources.requests.cpu),
    ["mandatory app: container app has no requests.cpu"],
  ],
  [
    "steuermann-workload-resources",
    "no memory limit",
    deployment((p) => delete container(p).resources.limits.memory),
    ["mandatory app: container app has no limits.memory"],
  ],
  [
    "steuermann-workload-probes",
    "no readiness probe",
    deployment((p) => delete container(p).readinessProbe),
    ["mandatory app: container app has no readinessProbe"],
  ],
  [
    "steuermann-workload-probes",
    "no liveness probe",
    deployment((p) => delete container(p).livenessProbe),
    ["mandatory app: container app has no livenessProbe"],
  ],
  [
    "steuermann-workload-image-pinned",
    "latest",
    deployment((p) => (container(p).image = "nginx:latest")),
    ["mandatory app: container app runs nginx:latest: pin a version tag or a digest, never latest"],
  ],
  [
    "steuermann-workload-image-pinned",
    "no tag",
    deployment((p) => (container(p).image = "registry.example.com:5000/app")),
    [
      "mandatory app: container app runs registry.example.com:5000/app: pin a version tag or a digest, never latest",
    ],
  ],
  [
    "steuermann-workload-pdb-allows-disruption",
    "maxUnavailable 0",
    (r) => change(r, T.pdb, (p) => (p.spec.maxUnavailable = 0)),
    ["mandatory app: maxUnavailable 0 blocks every drain: allow at least 1"],
  ],
  [
    "steuermann-workload-pdb-allows-disruption",
    "minAvailable 100%",
    (r) =>
      change(r, T.pdb, (p) => {
        delete p.spec.maxUnavailable;
        p.spec.minAvailable = "100%";
      }),
    ['mandatory app: minAvailable "100%" blocks every drain: use maxUnavailable: 1'],
  ],
  [
    "steuermann-workload-has-pdb",
    "no PodDisruptionBudget",
    (r) => without(r, T.pdb),
    ["mandatory app: no PodDisruptionBudget selects its pods"],
  ],
  [
    "steuermann-workload-hpa-owns-replicas",
    "replicas beside an HPA",
    deployment((p) => (p.spec.replicas = 3)),
    [
      'mandatory app: spec.replicas (3) fights the HorizontalPodAutoscaler: remove it, or ignoreChanges ["spec.replicas"]',
    ],
  ],
  [
    "steuermann-workload-no-default-namespace",
    "the default namespace",
    deployment((p) => (p.metadata.namespace = "default")),
    ["mandatory app: deployed into the default namespace: give it its own namespace"],
  ],
  [
    "steuermann-workload-no-default-namespace",
    "no namespace",
    (r) => change(r, T.service, (p) => delete p.metadata.namespace),
    [
      "mandatory app: no namespace set, so it lands in the provider's default namespace: set metadata.namespace",
    ],
  ],
  [
    "steuermann-workload-no-service-account-token",
    "token mounted",
    deployment((p) => (p.spec.template.spec.automountServiceAccountToken = true)),
    [
      "mandatory app: the pod mounts a service-account token: set automountServiceAccountToken to false (or true where it really calls the API)",
    ],
  ],
  [
    "steuermann-workload-replicas-and-spread",
    "no spread",
    deployment((p) => delete p.spec.template.spec.topologySpreadConstraints),
    ["advisory app: pods are not spread: add topologySpreadConstraints over kubernetes.io/hostname"],
  ],
];

describe("workload rules (on the aws-dev app)", () => {
  it.each(cases)("%s: %s", async (rule, _condition, edit, expected) => {
    const base = await baseline("aws-dev");
    expect(await reported(rule, base)).toEqual([]);
    expect(await reported(rule, edit(base))).toEqual(expected);
  });

  it("lets an HPA-scaled Deployment keep replicas when it ignores changes to them", async () => {
    const base = await baseline("aws-dev");
    const edited = change(base, T.deployment, (p, res) => {
      p.spec.replicas = 3;
      res.ignoreChanges = ["spec.replicas"];
    });
    expect(await reported("steuermann-workload-hpa-owns-replicas", edited)).toEqual([]);
  });

  it("advises two replicas where a preview runs one", async () => {
    expect(
      await reported("steuermann-workload-replicas-and-spread", await baseline("feature-example")),
    ).toEqual(["advisory app: minReplicas 1: one pod means downtime on every node drain"]);
  });

  it.each([
    ["nginx:1.27", true],
    ["nginx@sha256:" + "a".repeat(64), true],
    ["registry.example.com:5000/team/app:2.0.1", true],
    ["nginx", false],
    ["nginx:latest", false],
    ["registry.example.com:5000/app", false],
  ])("imageIsPinned(%s) is %s", (image, pinned) => {
    expect(imageIsPinned(image)).toBe(pinned);
  });
});
