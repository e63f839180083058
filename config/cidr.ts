/**
 * IPv4 CIDR helpers. Parsing and validation come from ipaddr.js; the subnet arithmetic
 * (Terraform's `cidrsubnet`) is a few lines of integer maths on top of it.
 */
import * as ipaddr from "ipaddr.js";

/** True when `value` is an IPv4 network in CIDR form whose host bits are zero (`10.0.0.0/16`). */
export function isIpv4Cidr(value: string): boolean {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(value)) {
    return false;
  }
  try {
    const [addr, bits] = ipaddr.IPv4.parseCIDR(value);
    return toInt(addr) === networkStart(toInt(addr), bits);
  } catch {
    return false;
  }
}

/** The prefix length of a CIDR (`10.0.0.0/16` gives 16). */
export function prefixLength(cidr: string): number {
  return ipaddr.IPv4.parseCIDR(cidr)[1];
}

/**
 * The `netNum`-th subnet of `base` that is `newBits` longer, as Terraform's
 * `cidrsubnet(base, newBits, netNum)`: `cidrSubnet("10.0.0.0/16", 4, 1)` is `10.0.16.0/20`.
 */
export function cidrSubnet(base: string, newBits: number, netNum: number): string {
  const [addr, bits] = ipaddr.IPv4.parseCIDR(base);
  const newPrefix = bits + newBits;
  if (!Number.isInteger(newBits) || newBits < 0 || newPrefix > 32) {
    throw new RangeError(`cannot extend /${bits} by ${newBits} bits`);
  }
  if (!Number.isInteger(netNum) || netNum < 0 || netNum >= 2 ** newBits) {
    throw new RangeError(`subnet number ${netNum} does not fit in ${newBits} bits`);
  }
  const start = networkStart(toInt(addr), bits) + netNum * 2 ** (32 - newPrefix);
  return `${fromInt(start)}/${newPrefix}`;
}

/** True when two CIDRs share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [ra, rb] = [range(a), range(b)];
  return ra.first <= rb.last && rb.first <= ra.last;
}

function range(cidr: string): { first: number; last: number } {
  const [addr, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const first = networkStart(toInt(addr), bits);
  return { first, last: first + 2 ** (32 - bits) - 1 };
}

function networkStart(value: number, bits: number): number {
  const size = 2 ** (32 - bits);
  return Math.floor(value / size) * size;
}

function toInt(addr: ipaddr.IPv4): number {
  return addr.octets.reduce((acc, octet) => acc * 256 + octet, 0);
}

function fromInt(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}
