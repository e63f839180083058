import { createHash } from "node:crypto";
import type { Settings } from "../config";

/**
 * The tags (AWS, Azure) or labels (GCP) on every cloud resource: project, stack and tier, which
 * the policy pack's tier rules read. AWS allows ":" in tag keys; Azure and GCP keys use "-"
 * (GCP label keys allow only lowercase letters, digits, "-" and "_").
 */
export function ownerTags(
  settings: Pick<Settings, "project" | "stack" | "tier">,
  separator: ":" | "-",
): Record<string, string> {
  return {
    [`steuermann${separator}project`]: settings.project,
    [`steuermann${separator}stack`]: settings.stack,
    [`steuermann${separator}tier`]: settings.tier,
    "managed-by": "pulumi",
  };
}

/** A short, stable hex digest of `value` (not for security: for unique, repeatable names). */
export function shortHash(value: string, length = 6): string {
  return createHash("sha256").update(value).digest("hex").slice(0, length);
}

/**
 * A cloud resource name from the project and stack: lowercase letters, digits and hyphens,
 * starting with a letter, at most `maxLength` long. When it had to be shortened, a hash of the
 * full name keeps two stacks from colliding.
 */
export function resourceName(parts: string[], maxLength = 40): string {
  const full = parts.join("-");
  let name = full
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(name)) {
    name = name === "" ? "s" : `s-${name}`;
  }
  if (name.length <= maxLength) {
    return name;
  }
  const hash = shortHash(full);
  return `${name.slice(0, maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** Alphanumeric only (Azure Container Registry, storage accounts): `maxLength` at most. */
export function alphanumericName(parts: string[], maxLength: number): string {
  const full = parts.join("");
  const name = full.toLowerCase().replace(/[^a-z0-9]/g, "");
  const hash = shortHash(parts.join("-"));
  return `${name.slice(0, maxLength - hash.length)}${hash}`;
}
