/** Prints the README's rule table from the pack itself: `node --require ./scripts/register.cjs scripts/policy-table.ts`. */
import { ALL_POLICIES } from "../policies/rules";

export function policyTable(): string {
  const rows = ALL_POLICIES.map((p) => {
    const refs =
      p.description.match(
        /(CIS [A-Z]+ \d+(\.\d+)*|CKV_[A-Z0-9]+_\d+(, CKV_[A-Z0-9]+_\d+)*|Trivy AVD-[A-Z]+-\d+|kube-score [\w-]+|Polaris \w+|Kyverno [\w-]+|PSS restricted|pulumi-kubernetes#\d+|compliance-policies [\w-]+)/g,
      ) ?? [];
    const what =
      p.description
        .split(/ (CIS|CKV_|kube-score|Polaris|Kyverno|compliance-policies|pulumi-kubernetes#|Advisory:)/)[0]
        ?.replace(/[.;]\s*$/, "") ?? p.description;
    return `| \`${p.name}\` | ${what.replace(/\|/g, "\\|")} | ${[...new Set(refs)].join("; ") || "—"} | ${p.enforcementLevel ?? "advisory"} |`;
  });
  return ["| rule | what it checks | references | default |", "|---|---|---|---|", ...rows].join("\n");
}

if (require.main === module) {
  process.stdout.write(`${policyTable()}\n`);
}
