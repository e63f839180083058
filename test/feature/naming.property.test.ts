import fc from "fast-check";
import { branchSlug, DNS_1123_LABEL, featureStackName, isFeatureStackName } from "../../feature/naming";

describe("branchSlug", () => {
  it("turns any branch into a DNS-1123 label of at most 63 characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (branch) => {
        const slug = branchSlug(branch);
        expect(slug.length).toBeLessThanOrEqual(63);
        expect(slug).toMatch(DNS_1123_LABEL);
      }),
      { numRuns: 500 },
    );
  });

  it("is deterministic", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (b) => expect(branchSlug(b)).toBe(branchSlug(b))));
  });

  it("never maps two different branches to the same namespace", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.string({ maxLength: 120 }), (a, b) => {
        fc.pre(a !== b);
        expect(branchSlug(a)).not.toBe(branchSlug(b));
      }),
      { numRuns: 1000 },
    );
    // The classic near-collisions: case, separators and accents.
    const names = ["Feature/Login", "feature/login", "feature-login", "feature_login", "féature/login"];
    expect(new Set(names.map(branchSlug)).size).toBe(names.length);
  });

  it("keeps a name that is already a valid label", () => {
    expect(branchSlug("fix-login")).toBe("fix-login");
    expect(branchSlug("123-hotfix")).toBe("123-hotfix");
  });

  it("handles a 300-character unicode branch stably", () => {
    const branch = `feature/ÄÖÜ very*long*name ${"ß€漢字-".repeat(60)}`.slice(0, 300);
    expect(branch).toHaveLength(300);
    const slug = branchSlug(branch);
    expect(slug).toMatch(/^feature-aou-very-long-name(-[a-z0-9-]+)?-[0-9a-f]{8}$/);
    expect(slug.length).toBeLessThanOrEqual(63);
    expect(branchSlug(branch)).toBe(slug);
  });

  it("names stacks feature-<slug> and recognises them, qualified or not", () => {
    expect(featureStackName("feature/Login")).toMatch(/^feature-feature-login-[0-9a-f]{8}$/);
    expect(isFeatureStackName("feature-x")).toBe(true);
    expect(isFeatureStackName("acme/steuermann/feature-x")).toBe(true);
    expect(isFeatureStackName("aws-prod")).toBe(false);
    expect(isFeatureStackName("feature-")).toBe(false);
  });
});
