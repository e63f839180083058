import { spawnSync } from "node:child_process";
import { evaluatePolicies } from "../../policies/evaluate";
import { ALL_POLICIES } from "../../policies/rules";
import { listStacks } from "../../plan/stackConfig";
import { PROJECT_DIR } from "../helpers/plan";
import { baseline } from "../helpers/policy";

/** Every shipped stack but the deliberately invalid fixtures. */
const SAMPLES = listStacks(PROJECT_DIR).filter((s) => !s.startsWith("invalid-"));

describe("the policy pack", () => {
  it("has at least 30 rules, each named steuermann-<area>-<rule> and citing a reference", () => {
    expect(ALL_POLICIES.length).toBeGreaterThanOrEqual(30);
    const names = ALL_POLICIES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const policy of ALL_POLICIES) {
      expect(policy.name).toMatch(
        /^steuermann-(cluster|registry|workload|feature|cost)-[a-z0-9]+(-[a-z0-9]+)*$/,
      );
      expect(policy.description.length).toBeGreaterThan(40);
    }
    const cited = ALL_POLICIES.filter((p) =>
      /CIS|CKV_|kube-score|Polaris|Kyverno|PSS|Pod Security|compliance-policies|pulumi-kubernetes#/.test(
        p.description,
      ),
    );
    expect(cited.length).toBeGreaterThanOrEqual(25);
  });

  it.each(SAMPLES)("finds no mandatory violation in the %s sample", async (stack) => {
    const violations = await evaluatePolicies(ALL_POLICIES, await baseline(stack));
    expect(violations.filter((v) => v.level === "mandatory")).toEqual([]);
  });

  it("flags exactly the weak fixture's four weaknesses, and the plan exits 2 naming them", () => {
    const run = spawnSync(
      process.execPath,
      [
        "--require",
        "./scripts/register.cjs",
        "scripts/plan.ts",
        "--project-dir",
        "test/fixtures/weak",
        "--stack",
        "weak",
        "--json",
      ],
      { cwd: PROJECT_DIR, encoding: "utf8", timeout: 60_000 },
    );
    expect(run.status).toBe(2);
    const plan = JSON.parse(run.stdout) as {
      violations: { policy: string; level: string; message: string }[];
    };
    expect(plan.violations.map((v) => `${v.level} ${v.policy}: ${v.message}`)).toEqual([
      "mandatory steuermann-cluster-api-not-public: weak: the public API endpoint is open to 0.0.0.0/0: set vpcConfig.publicAccessCidrs to your ranges, or endpointPublicAccess to false",
      'mandatory steuermann-cluster-secrets-encryption: weak: secrets are not encrypted with a KMS key: set encryptionConfig { resources: ["secrets"], provider.keyArn }',
      "mandatory steuermann-workload-image-pinned: web: container web runs nginx:latest: pin a version tag or a digest, never latest",
      "mandatory steuermann-cost-node-count-cap: nodes: may grow to 500 nodes, over the dev cap of 10",
    ]);
  });

  it("honours enforcement levels from the pack config", async () => {
    const resources = await baseline("azure-dev");
    const rule = "steuermann-cluster-aks-kms-etcd-encryption";
    expect((await evaluatePolicies(ALL_POLICIES, resources)).find((v) => v.policy === rule)?.level).toBe(
      "advisory",
    );
    expect(
      (await evaluatePolicies(ALL_POLICIES, resources, { [rule]: "mandatory" })).find(
        (v) => v.policy === rule,
      )?.level,
    ).toBe("mandatory");
    expect(
      (await evaluatePolicies(ALL_POLICIES, resources, { [rule]: "disabled" })).find(
        (v) => v.policy === rule,
      ),
    ).toBeUndefined();
  });
});
