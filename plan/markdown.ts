/**
 * The plan as a pull-request comment: target and tier, violations, the cost range, resource
 * counts by type, and a Mermaid diagram of the component tree. Always under GitHub's 65,536
 * character limit for a comment; sections are trimmed, with a note, when a plan is larger.
 */
import type { PlannedResource, PlanResult } from "./run";

/** GitHub rejects comments of 65,536 characters or more; keep a margin for the trim note. */
export const COMMENT_LIMIT = 65_000;

const money = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Mermaid node ids must be simple; labels are quoted and stripped of quotes. */
function mermaidLabel(text: string): string {
  return text.replace(/"/g, "'").replace(/[<>]/g, "");
}

/**
 * Components (and the stack) as nodes; each component's plain resources folded into one node
 * per type with a count, so a 60-resource cluster stays a readable diagram.
 */
export function mermaidTree(plan: PlanResult, maxNodes = 120): string {
  const components = plan.resources.filter((r) => /^steuermann:/.test(r.type));
  const ids = new Map<string, string>(components.map((c, i) => [c.urn, `c${i}`]));
  const lines = ["```mermaid", "graph LR", `  stack["${mermaidLabel(`${plan.project}/${plan.stack}`)}"]`];
  let nodes = 1;
  for (const c of components) {
    const id = ids.get(c.urn) as string;
    const parent = c.parent !== null && ids.has(c.parent) ? (ids.get(c.parent) as string) : "stack";
    lines.push(`  ${parent} --> ${id}["${mermaidLabel(`${c.type.split(":").pop()} ${c.name}`)}"]`);
    nodes++;
  }
  const groups = new Map<string, number>();
  for (const r of plan.resources.filter((r) => !/^steuermann:/.test(r.type))) {
    const parent = r.parent !== null && ids.has(r.parent) ? (ids.get(r.parent) as string) : "stack";
    const key = `${parent}|${r.type}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  let i = 0;
  let folded = 0;
  for (const [key, count] of groups) {
    if (nodes >= maxNodes) {
      folded += count;
      continue;
    }
    const [parent, type] = key.split("|") as [string, string];
    lines.push(`  ${parent} --> r${i}["${mermaidLabel(`${type}${count > 1 ? ` ×${count}` : ""}`)}"]`);
    i++;
    nodes++;
  }
  if (folded > 0) {
    lines.push(`  stack --> more["${folded} more resources"]`);
  }
  lines.push("```");
  return lines.join("\n");
}

function countsByType(resources: readonly PlannedResource[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of resources) {
    counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function renderMarkdown(plan: PlanResult, limit = COMMENT_LIMIT): string {
  const mandatory = plan.violations.filter((v) => v.level === "mandatory");
  const advisory = plan.violations.filter((v) => v.level === "advisory");
  const cost = plan.cost;
  const head = [
    `### steuermann plan: \`${plan.stack}\``,
    "",
    `**${plan.cloud}** · role **${plan.role}** · tier **${plan.tier}** · ${plan.resources.length} resources · ` +
      (mandatory.length > 0
        ? `:x: **${mandatory.length} mandatory**`
        : ":white_check_mark: no mandatory violation") +
      (advisory.length > 0 ? ` · ${advisory.length} advisory` : "") +
      ` · **${money(cost.monthly.min)} – ${money(cost.monthly.max)} / month**${cost.complete ? "" : " (incomplete: unpriced SKUs)"}`,
    "",
    "_Offline plan: Pulumi's mock runtime, no credentials, nothing deployed._",
  ].join("\n");

  const sections: string[] = [];
  if (plan.violations.length > 0) {
    sections.push(
      [
        "#### Policy violations",
        "",
        "| level | rule | message |",
        "|---|---|---|",
        ...plan.violations.map((v) => `| ${v.level} | \`${v.policy}\` | ${cell(v.message)} |`),
      ].join("\n"),
    );
  }
  sections.push(
    [
      `#### Monthly cost (USD, list prices as of ${cost.pricesAsOf})`,
      "",
      "| item | quantity | min | max |",
      "|---|---|---:|---:|",
      ...cost.items.map(
        (i) =>
          `| ${cell(i.item)} | ${i.quantity.min === i.quantity.max ? i.quantity.min : `${i.quantity.min}–${i.quantity.max}`} ${i.unit} | ${money(i.monthly.min)} | ${money(i.monthly.max)} |`,
      ),
      `| **total** | | **${money(cost.monthly.min)}** | **${money(cost.monthly.max)}** |`,
      ...(cost.unpriced.length > 0
        ? ["", `Unpriced (not in the totals): ${cost.unpriced.map((u) => `${u.item} (${u.sku})`).join(", ")}`]
        : []),
      ...(cost.assumptions.length > 0 ? ["", `Assumes: ${cost.assumptions.join("; ")}.`] : []),
    ].join("\n"),
  );
  sections.push(
    [
      "<details><summary>Resources by type</summary>",
      "",
      "| type | count |",
      "|---|---:|",
      ...countsByType(plan.resources).map(([t, n]) => `| \`${t}\` | ${n} |`),
      "",
      "</details>",
    ].join("\n"),
  );
  sections.push(["#### Components", "", mermaidTree(plan)].join("\n"));

  // Add sections while they fit. A table that does not fit keeps its first rows; a diagram that
  // does not fit is left out (half a Mermaid block does not render). The note says what went.
  let out = head;
  const trimmed: string[] = [];
  for (const section of sections) {
    const room = limit - out.length - 400;
    const title = section.split("\n")[0]?.replace(/^#+\s*|<[^>]+>/g, "") ?? "a section";
    if (section.length + 2 <= room) {
      out += `\n\n${section}`;
      continue;
    }
    const lines = section.split("\n");
    const kept: string[] = [];
    let length = 0;
    for (const line of lines) {
      if (length + line.length + 1 > room - 80) {
        break;
      }
      kept.push(line);
      length += line.length + 1;
    }
    const isTable = lines.some((l) => l.startsWith("|---"));
    if (isTable && kept.length > 4) {
      out += `\n\n${kept.join("\n")}\n| … ${lines.length - kept.length} more rows | | |`;
      trimmed.push(`${title} (${lines.length - kept.length} rows)`);
    } else {
      trimmed.push(title);
    }
  }
  if (trimmed.length > 0) {
    out += `\n\n> Trimmed to stay under GitHub's comment limit: ${trimmed.join(", ")}. Run \`npm run plan -- --stack ${plan.stack} --json\` for everything.`;
  }
  return `${out.slice(0, limit)}\n`;
}
