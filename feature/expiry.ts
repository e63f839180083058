/** When a preview environment expires, and which ones have: pure functions with an injected clock. */
import { isFeatureStackName } from "./naming";

/** If a stack never finished an `up` (no `expiresAt` output), it lives this long after its last update. */
export const FALLBACK_TTL_HOURS = 72;

export interface FeatureStackInfo {
  name: string;
  /** `steuermann:role` from the stack's config. */
  role?: string;
  /** The stack's `expiresAt` output (ISO time). */
  expiresAt?: string;
  /** The backend's last update time (ISO). */
  lastUpdate?: string;
  url?: string;
}

/** `now + ttlHours`, to the minute (so the label does not change on every `up` within a minute). */
export function expiryFrom(now: Date, ttlHours: number): Date {
  const t = now.getTime() + ttlHours * 3_600_000;
  return new Date(Math.floor(t / 60_000) * 60_000);
}

/** The moment a stack counts as expired, or undefined when nothing is known about it. */
export function effectiveExpiry(stack: FeatureStackInfo): Date | undefined {
  const explicit = stack.expiresAt !== undefined ? new Date(stack.expiresAt) : undefined;
  if (explicit !== undefined && !Number.isNaN(explicit.getTime())) {
    return explicit;
  }
  const last = stack.lastUpdate !== undefined ? new Date(stack.lastUpdate) : undefined;
  if (last !== undefined && !Number.isNaN(last.getTime())) {
    return expiryFrom(last, FALLBACK_TTL_HOURS);
  }
  return undefined;
}

/** True only for a preview-environment stack: named `feature-*` and configured `role: feature`. */
export function isFeatureStack(stack: FeatureStackInfo): boolean {
  return isFeatureStackName(stack.name) && stack.role === "feature";
}

/** The feature stacks `gc` removes: expired, and never anything that is not a feature stack. */
export function selectExpired(stacks: readonly FeatureStackInfo[], now: Date): FeatureStackInfo[] {
  return stacks.filter((s) => {
    if (!isFeatureStack(s)) {
      return false;
    }
    const expiry = effectiveExpiry(s);
    return expiry !== undefined && expiry.getTime() <= now.getTime();
  });
}
