import type { PlannedResource, PlanResult } from "./run";

/** The readable default output: the component tree, the outputs, violations. */
export function renderTree(plan: PlanResult): string {
  const children = new Map<string | null, PlannedResource[]>();
  for (const r of plan.resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const lines: string[] = [
    `steuermann plan · stack ${plan.stack} · cloud ${plan.cloud} · role ${plan.role} · tier ${plan.tier}`,
    "(offline: Pulumi's mock runtime, no cloud was contacted)",
    "",
    `Resources (${plan.resources.length}):`,
  ];
  const walk = (parent: string | null, prefix: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((r, i) => {
      const last = i === list.length - 1;
      const flag = r.protect ? "  [protected]" : "";
      lines.push(`${prefix}${last ? "└─" : "├─"} ${r.type}  ${r.name}${flag}`);
      walk(r.urn, `${prefix}${last ? "   " : "│  "}`);
    });
  };
  walk(null, "  ");
  lines.push("", "Outputs:");
  for (const [key, value] of Object.entries(plan.outputs)) {
    lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  }
  lines.push("");
  if (plan.violations.length === 0) {
    lines.push("Policy violations: none");
  } else {
    lines.push(`Policy violations (${plan.violations.length}):`);
    for (const v of plan.violations) {
      lines.push(`  [${v.level}] ${v.policy}: ${v.message}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
