import { effectiveExpiry, expiryFrom, selectExpired } from "../../feature/expiry";

const NOW = new Date("2026-11-24T12:00:00Z");

describe("selectExpired", () => {
  const stacks = [
    { name: "feature-old", role: "feature", expiresAt: "2026-11-24T11:59:00Z" },
    { name: "feature-fresh", role: "feature", expiresAt: "2026-11-24T12:01:00Z" },
    { name: "feature-exactly-now", role: "feature", expiresAt: "2026-11-24T12:00:00Z" },
    // Never finished an up: expires 72 hours after its last update.
    { name: "feature-broken", role: "feature", lastUpdate: "2026-11-20T12:00:00Z" },
    { name: "feature-broken-recent", role: "feature", lastUpdate: "2026-11-24T10:00:00Z" },
    { name: "feature-unknown", role: "feature" },
    // Named like a feature stack but configured as a platform: never touched.
    { name: "feature-impostor", role: "platform", expiresAt: "2000-01-01T00:00:00Z" },
    { name: "aws-prod", role: "feature", expiresAt: "2000-01-01T00:00:00Z" },
    { name: "aws-dev", role: "platform", lastUpdate: "2000-01-01T00:00:00Z" },
  ];

  it("selects expired feature stacks and nothing else", () => {
    expect(selectExpired(stacks, NOW).map((s) => s.name)).toEqual([
      "feature-old",
      "feature-exactly-now",
      "feature-broken",
    ]);
  });

  it("moves with the clock", () => {
    const later = new Date("2026-11-30T00:00:00Z");
    expect(selectExpired(stacks, later).map((s) => s.name)).toEqual([
      "feature-old",
      "feature-fresh",
      "feature-exactly-now",
      "feature-broken",
      "feature-broken-recent",
    ]);
  });

  it("ignores an unreadable expiry and falls back to the last update", () => {
    expect(effectiveExpiry({ name: "f", expiresAt: "soon", lastUpdate: "2026-11-20T00:00:00Z" })).toEqual(
      new Date("2026-11-23T00:00:00Z"),
    );
  });
});

describe("expiryFrom", () => {
  it("adds the TTL and rounds down to the minute", () => {
    expect(expiryFrom(new Date("2026-11-24T12:34:56.789Z"), 72).toISOString()).toBe(
      "2026-11-27T12:34:00.000Z",
    );
  });
});
