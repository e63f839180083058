import fc from "fast-check";
import { cidrsOverlap, cidrSubnet, isIpv4Cidr, prefixLength } from "../config/cidr";

const octet = fc.integer({ min: 0, max: 255 });
/** A network CIDR with host bits zeroed, prefix 8..24. */
const network = fc
  .tuple(octet, octet, octet, octet, fc.integer({ min: 8, max: 24 }))
  .map(([a, b, c, d, bits]) => {
    const value = (((a << 24) >>> 0) + (b << 16) + (c << 8) + d) >>> 0;
    const size = 2 ** (32 - bits);
    const start = Math.floor(value / size) * size;
    const ip = [24, 16, 8, 0].map((s) => Math.floor(start / 2 ** s) % 256).join(".");
    return `${ip}/${bits}`;
  });

describe("cidr", () => {
  it("matches Terraform's cidrsubnet on known values", () => {
    expect(cidrSubnet("10.0.0.0/16", 4, 0)).toBe("10.0.0.0/20");
    expect(cidrSubnet("10.0.0.0/16", 4, 1)).toBe("10.0.16.0/20");
    expect(cidrSubnet("10.0.0.0/16", 4, 8)).toBe("10.0.128.0/20");
    expect(cidrSubnet("10.60.0.0/20", 4, 15)).toBe("10.60.15.0/24");
  });

  it("rejects malformed CIDRs", () => {
    for (const bad of ["10.0.0.0/33", "10.0.0.1/16", "256.0.0.0/8", "10.0.0/16", "10.0.0.0", "", "::/0"]) {
      expect(isIpv4Cidr(bad)).toBe(false);
    }
  });

  it("subnets are valid, inside their network, the requested size, and disjoint", () => {
    fc.assert(
      fc.property(network, fc.integer({ min: 1, max: 8 }), fc.nat(), fc.nat(), (base, newBits, i, j) => {
        const count = 2 ** newBits;
        const [a, b] = [i % count, j % count];
        const sa = cidrSubnet(base, newBits, a);
        const sb = cidrSubnet(base, newBits, b);
        expect(isIpv4Cidr(sa)).toBe(true);
        expect(prefixLength(sa)).toBe(prefixLength(base) + newBits);
        expect(cidrsOverlap(base, sa)).toBe(true);
        expect(cidrsOverlap(sa, sb)).toBe(a === b);
      }),
    );
  });

  it("refuses subnet numbers that do not fit", () => {
    expect(() => cidrSubnet("10.0.0.0/16", 4, 16)).toThrow(RangeError);
    expect(() => cidrSubnet("10.0.0.0/30", 4, 0)).toThrow(RangeError);
  });
});
