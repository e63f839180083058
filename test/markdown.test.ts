import { COMMENT_LIMIT, mermaidTree, renderMarkdown } from "../plan/markdown";
import type { PlanResult } from "../plan/run";
import { planStack } from "./helpers/plan";

describe("--markdown", () => {
  it("summarises target, violations, cost, counts and the component tree", async () => {
    const plan = await planStack("aws-dev");
    const md = renderMarkdown(plan);
    expect(md).toContain("### steuermann plan: `aws-dev`");
    expect(md).toContain("**aws** · role **platform** · tier **dev**");
    expect(md).toContain(":white_check_mark: no mandatory violation");
    expect(md).toContain(
      `**$${plan.cost.monthly.min.toFixed(2)} – $${plan.cost.monthly.max.toFixed(2)} / month**`,
    );
    expect(md).toContain("| `aws:ec2/subnet:Subnet` | 4 |");
    expect(md).toMatch(
      /```mermaid\ngraph LR\n {2}stack\["steuermann\/aws-dev"\]\n {2}stack --> c0\["Cluster cluster"\]/,
    );
    expect(md).toContain('["aws:ec2/subnet:Subnet ×4"]');
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
  });

  it("lists violations when there are any", async () => {
    const plan = await planStack("azure-dev");
    expect(renderMarkdown(plan)).toContain("| advisory | `steuermann-cluster-aks-kms-etcd-encryption` |");
  });

  it("stays under GitHub's comment limit for a huge plan, and says what it trimmed", async () => {
    const base = await planStack("aws-dev");
    const resources = Array.from({ length: 5000 }, (_, i) => ({
      ...base.resources[1]!,
      urn: `urn:x::${i}`,
      type: `aws:custom/type${i}:Type${i}`,
      name: `r${i}`,
      parent: null,
    }));
    const violations = Array.from({ length: 3000 }, (_, i) => ({
      policy: "steuermann-test-rule",
      level: "mandatory" as const,
      urn: `urn:x::${i}`,
      message: `resource r${i} breaks the rule in a long and descriptive way that takes some room`,
    }));
    const huge: PlanResult = { ...base, resources, violations };
    const md = renderMarkdown(huge);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT + 1);
    expect(md).toContain(":x: **3000 mandatory**");
    expect(md).toMatch(/> Trimmed to stay under GitHub's comment limit: Policy violations \(\d+ rows\)/);
    expect(md).toMatch(/\| … \d+ more rows \| \| \|/);
  });

  it("folds resources into one node per type and caps the diagram", async () => {
    const plan = await planStack("aws-prod");
    const diagram = mermaidTree(plan, 10);
    expect(diagram.split("\n").filter((l) => l.includes("-->"))).toHaveLength(10);
    expect(diagram).toMatch(/more\["\d+ more resources"\]/);
  });
});
