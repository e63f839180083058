import { readFileSync } from "node:fs";
import * as path from "node:path";
import { policyTable } from "../../scripts/policy-table";
import { PROJECT_DIR } from "../helpers/plan";

describe("README", () => {
  it("lists every rule as the pack defines it (regenerate with node --require ./scripts/register.cjs scripts/policy-table.ts)", () => {
    const readme = readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    expect(readme).toContain(policyTable());
  });
});
