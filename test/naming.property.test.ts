import fc from "fast-check";
import { alphanumericName, resourceName } from "../components/naming";

describe("resourceName", () => {
  it("is a lowercase DNS-style name within the limit, starting with a letter", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 80 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 12, max: 100 }),
        (parts, max) => {
          const name = resourceName(parts, max);
          expect(name.length).toBeLessThanOrEqual(max);
          expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
          expect(name.endsWith("-")).toBe(false);
        },
      ),
    );
  });

  it("is deterministic and keeps short clean names unchanged", () => {
    expect(resourceName(["steuermann", "aws-dev"])).toBe("steuermann-aws-dev");
    expect(resourceName(["steuermann", "aws-dev"])).toBe(resourceName(["steuermann", "aws-dev"]));
  });

  it("shortened names of different stacks do not collide", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{30,60}$/), fc.stringMatching(/^[a-z]{30,60}$/), (a, b) => {
        fc.pre(a !== b);
        expect(resourceName(["p", a], 20)).not.toBe(resourceName(["p", b], 20));
      }),
    );
  });
});

describe("alphanumericName", () => {
  it("is alphanumeric, within the limit, and unique per input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const name = alphanumericName(["steuermann", a], 40);
        expect(name).toMatch(/^[a-z0-9]{6,40}$/);
        if (a !== b) {
          expect(name).not.toBe(alphanumericName(["steuermann", b], 40));
        }
      }),
    );
  });
});
