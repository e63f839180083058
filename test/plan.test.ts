import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import { ConfigError } from "../config";
import { runPlan } from "../plan/run";
import { listStacks } from "../plan/stackConfig";
import { cloudResourceTypes, PROJECT_DIR, planStack } from "./helpers/plan";

const SAMPLE_STACKS = ["local", "aws-dev", "azure-dev", "gcp-dev", "aws-prod", "azure-prod", "gcp-prod"];

/** Types each cloud's platform plan must contain (the platform issue's acceptance list). */
const REQUIRED: Record<string, string[]> = {
  aws: [
    "aws:eks/cluster:Cluster",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:ecr/repository:Repository",
    "kubernetes:helm.sh/v3:Release",
    "aws:iam/role:Role",
  ],
  azure: [
    "azure-native:containerservice:ManagedCluster",
    "azure-native:containerregistry:Registry",
    "azure-native:authorization:RoleAssignment",
  ],
  gcp: [
    "gcp:container/cluster:Cluster",
    "gcp:container/nodePool:NodePool",
    "gcp:artifactregistry/repository:Repository",
    "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
  ],
  local: [],
};

function planCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ["--require", "./scripts/register.cjs", "scripts/plan.ts", ...args], {
    cwd: PROJECT_DIR,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

describe("sample stacks", () => {
  it("ships every documented sample", () => {
    expect(listStacks(PROJECT_DIR)).toEqual(expect.arrayContaining(SAMPLE_STACKS));
  });

  it.each(SAMPLE_STACKS)("%s plans with the shared outputs and its cloud's resources", async (stack) => {
    const plan = await planStack(stack);
    expect(plan.project).toBe("steuermann");
    expect(plan.stack).toBe(stack);
    expect(Object.keys(plan.outputs)).toEqual(
      expect.arrayContaining(["cloud", "clusterName", "kubeconfig", "registryUrl", "nodePool"]),
    );
    expect(plan.outputs.kubeconfig).toBe("[secret]");
    const types = new Set(plan.resources.map((r) => r.type));
    for (const type of REQUIRED[plan.cloud] ?? []) {
      expect(types).toContain(type);
    }
    if (plan.cloud === "local") {
      expect(cloudResourceTypes(plan)).toEqual([]);
    }
    // Every parent is a resource of the plan: the tree has no dangling edges.
    const urns = new Set(plan.resources.map((r) => r.urn));
    for (const r of plan.resources) {
      expect(r.parent === null || urns.has(r.parent)).toBe(true);
    }
    // No secret the mocks hand out ever reaches the plan.
    const text = JSON.stringify(plan);
    for (const secret of [
      "mock-ecr-password",
      "mock-gcp-access-token",
      "offline-plan-placeholder",
      "BEGIN CERTIFICATE",
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("runPlan", () => {
  it("reports an error the program raises after it started registering, once, without crashing", async () => {
    const program = async () => {
      new pulumi.ComponentResource("test:index:Thing", "thing");
      throw new ConfigError("steuermann:test (x) is wrong: fix it");
    };
    await expect(runPlan({ projectDir: PROJECT_DIR, stack: "aws-dev", program })).rejects.toThrow(
      "steuermann:test (x) is wrong: fix it",
    );
  });

  it("rejects bad configuration before the program runs", async () => {
    let ran = false;
    const program = async () => {
      ran = true;
      return {};
    };
    await expect(
      runPlan({ projectDir: PROJECT_DIR, stack: "x", program, config: { "steuermann:cloud": "mars" } }),
    ).rejects.toBeInstanceOf(ConfigError);
    expect(ran).toBe(false);
  });
});

describe("npm run plan (the CLI)", () => {
  it("--json prints the contract's document on stdout", () => {
    const run = planCli(["--stack", "aws-dev", "--json"]);
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual([
      "project",
      "stack",
      "cloud",
      "role",
      "tier",
      "resources",
      "outputs",
      "violations",
      "cost",
      "manifests",
    ]);
    expect(doc).toMatchObject({
      project: "steuermann",
      stack: "aws-dev",
      cloud: "aws",
      role: "platform",
      tier: "dev",
    });
    expect(Object.keys(doc.resources[0]).slice(0, 6)).toEqual([
      "urn",
      "type",
      "name",
      "parent",
      "inputs",
      "protect",
    ]);
  });

  it("exits 1 with one line on stderr for invalid configuration", () => {
    const run = planCli(["--stack", "invalid-node-pool"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "steuermann:nodePool.minNodes (6) must not exceed maxNodes (3): lower minNodes or raise maxNodes\n",
    );
  });

  it("exits 1 naming the stacks there are when the stack does not exist", () => {
    const run = planCli(["--stack", "nope"]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("pick one of aws-dev");
  });

  it("loads only the selected cloud's SDK", () => {
    const gcp = planCli(["--stack", "gcp-dev"], { STEUERMANN_DEBUG_SDKS: "1" });
    expect(gcp.status).toBe(0);
    expect(gcp.stderr).toContain("loaded SDKs: @pulumi/docker, @pulumi/gcp, @pulumi/kubernetes\n");
    const local = planCli(["--stack", "local"], { STEUERMANN_DEBUG_SDKS: "1" });
    expect(local.stderr).toContain("loaded SDKs: @pulumi/docker, @pulumi/kubernetes\n");
  });

  it("prints a readable tree by default", () => {
    const run = planCli(["--stack", "aws-prod"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("steuermann plan · stack aws-prod · cloud aws · role platform · tier prod");
    expect(run.stdout).toMatch(/aws:eks\/cluster:Cluster {2}cluster-eks {2}\[protected\]/);
    expect(run.stdout).toContain("kubeconfig: [secret]");
  });
});
