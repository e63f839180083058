import * as pulumi from "@pulumi/pulumi";
import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { knownKeysAt } from "./schema";

/**
 * A user's configuration mistake. It extends `pulumi.RunError`, which the Pulumi CLI prints as
 * its message alone, without a stack trace; the offline plan prints it the same way and exits 1.
 */
export class ConfigError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Shows a config value the way a user typed it: strings bare, everything else as JSON. */
export function showValue(value: unknown): string {
  if (typeof value === "string") {
    return value === "" ? '""' : value;
  }
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** `nodePool.taints[0].key` for a zod path. */
export function joinPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, seg) => {
    if (typeof seg === "number") {
      return `${acc}[${seg}]`;
    }
    return acc === "" ? String(seg) : `${acc}.${String(seg)}`;
  }, "");
}

/** A close known key for a misspelt one, or undefined when none is close enough to be a guess. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) {
    return undefined;
  }
  const lower = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (lower) {
    return lower;
  }
  const guess = closest(key, [...known]);
  return distance(key, guess) <= Math.max(2, Math.floor(guess.length / 3)) ? guess : undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const seg of path) {
    if (node === null || typeof node !== "object") {
      return undefined;
    }
    node = (node as Record<PropertyKey, unknown>)[seg as string];
  }
  return node;
}

/**
 * One line for the most useful zod issue: unknown keys first (a misspelt key is usually why a
 * required one is "missing"), then the rest in schema order.
 */
export function formatIssue(namespace: string, issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const ordered = [...issues].sort(
    (a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"),
  );
  const issue = ordered[0];
  if (!issue) {
    return `${namespace} configuration is invalid`;
  }
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const full = joinPath([...issue.path, key]);
    const guess = didYouMean(key, knownKeysAt(issue.path));
    const prefix = issue.path.length > 0 ? `${joinPath(issue.path)}.` : "";
    return guess
      ? `${namespace}:${full} is not a known key; did you mean ${namespace}:${prefix}${guess}?`
      : `${namespace}:${full} is not a known key; see the config table in README.md`;
  }
  const value = valueAt(input, issue.path);
  const where = `${namespace}:${joinPath(issue.path)}`;
  if (value === undefined) {
    const message = issue.message.startsWith("Invalid input") ? "is required" : issue.message;
    return `${where} ${message.startsWith("is required") ? message : `is required and ${message}`}`;
  }
  return `${where} (${showValue(value)}) ${issue.message}`;
}
