/**
 * The steuermann CrossGuard pack: `pulumi preview --policy-pack policies` (after
 * `npm ci --prefix policies`). Enforcement levels and caps can be overridden with
 * `--policy-pack-config policies/config.example.json`.
 */
import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES } from "./rules";

new PolicyPack("steuermann", {
  policies: [...ALL_POLICIES],
});
