/**
 * Branch names → Kubernetes namespace and Pulumi stack names. Deterministic, so the pipeline
 * and a laptop always agree on which stack belongs to a branch.
 */
import { shortHash } from "../components/naming";

/** A DNS-1123 label: what a namespace name must be. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL = 63;
export const FEATURE_STACK_PREFIX = "feature-";

/**
 * `feature/ÄÖÜ Login` → `feature-aou-login-<hash>`. Unchanged names stay as they are; whenever
 * the branch had to be altered (case, accents, characters, length) an 8-character hash of the
 * original is appended, so two branches never map to the same namespace.
 */
export function branchSlug(branch: string): string {
  const ascii = branch
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (ascii === branch && ascii.length <= MAX_LABEL && DNS_1123_LABEL.test(ascii)) {
    return ascii;
  }
  const hash = shortHash(branch, 8);
  const room = MAX_LABEL - hash.length - 1;
  const stem = ascii.slice(0, room).replace(/-+$/, "");
  return stem === "" ? `b-${hash}` : `${stem}-${hash}`;
}

/** The Pulumi stack of a branch's preview environment. */
export function featureStackName(branch: string): string {
  return `${FEATURE_STACK_PREFIX}${branchSlug(branch)}`;
}

export function isFeatureStackName(name: string): boolean {
  // Organisation-qualified names (org/project/stack) carry the stack name last.
  const stack = name.split("/").pop() ?? "";
  return stack.startsWith(FEATURE_STACK_PREFIX) && stack.length > FEATURE_STACK_PREFIX.length;
}
