// Who is on the other end of a request: client address, protocol and host. The X-Forwarded-*
// headers are believed only when the socket peer is one of TRUSTED_PROXIES (boot setting,
// addresses or CIDRs; default the loopback addresses, where the recommended nginx runs).
// In-process requests (app.request() in tests) have no socket; their peer counts as 127.0.0.1.
import type { Context } from "hono";
import { getConnInfo } from "hono/bun";
import { isIPv4, isIPv6 } from "node:net";

export type ClientAddress = { ip: string; proto: string; host: string; origin: string; viaProxy: boolean };

function v4(ip: string): bigint | null {
  if (!isIPv4(ip)) return null;
  return ip.split(".").reduce((a, p) => (a << 8n) | BigInt(Number(p)), 0n);
}
function v6(ip: string): bigint | null {
  if (!isIPv6(ip)) return null;
  let s = ip.toLowerCase().split("%")[0]!;
  const m4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (m4) {
    const n = v4(m4[1]!)!;
    s = s.slice(0, -m4[1]!.length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g || "0", 16)), 0n);
}
/** An address as [family bits, value]; IPv4-mapped IPv6 counts as IPv4. */
function parse(ip: string): [32 | 128, bigint] | null {
  const a = v4(ip);
  if (a !== null) return [32, a];
  const b = v6(ip);
  if (b === null) return null;
  if (b >> 32n === 0xffffn) return [32, b & 0xffffffffn];
  return [128, b];
}

export type Cidr = { bits: 32 | 128; net: bigint; prefix: number };
/** "10.0.0.0/8", "::1", "192.168.1.5" → a CIDR, or null when it is not one. */
export function parseCidr(s: string): Cidr | null {
  const [addr, pre] = s.trim().split("/");
  const p = parse(addr ?? "");
  if (!p) return null;
  const prefix = pre === undefined ? p[0] : Number(pre);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > p[0] || (pre !== undefined && !/^\d+$/.test(pre)))
    return null;
  return { bits: p[0], net: p[1] >> BigInt(p[0] - prefix), prefix };
}
export function inCidrs(ip: string, cidrs: readonly Cidr[]): boolean {
  const p = parse(ip);
  if (!p) return false;
  return cidrs.some((c) => c.bits === p[0] && p[1] >> BigInt(c.bits - c.prefix) === c.net);
}

const LOCAL_PEER = "127.0.0.1";
function trusted(list: string): Cidr[] {
  return list
    .split(",")
    .map((s) => parseCidr(s))
    .filter((c): c is Cidr => c !== null);
}
const byList = new Map<string, Cidr[]>();
const trustedOf = (list: string) => byList.get(list) ?? (byList.set(list, trusted(list)), byList.get(list)!);

/** The socket peer's address (127.0.0.1 for in-process requests). */
export function peerAddress(c: Context): string {
  try {
    const a = getConnInfo(c as any).remote.address;
    if (a) return a;
  } catch {}
  return LOCAL_PEER;
}

/**
 * Client address, protocol and host, believing X-Forwarded-* only from a trusted proxy. The list is
 * the request's deps.config.TRUSTED_PROXIES; middleware that runs before deps are set passes it.
 */
export function clientAddress(c: Context, trustedProxies?: string): ClientAddress {
  const peer = peerAddress(c);
  const deps: { config?: { TRUSTED_PROXIES?: string } } | undefined = c.get("deps" as never);
  const list = trustedProxies ?? deps?.config?.TRUSTED_PROXIES;
  const url = new URL(c.req.url);
  let ip = peer;
  let proto = url.protocol.replace(":", "");
  let host = url.host;
  let viaProxy = false;
  const cidrs = trustedOf(list ?? "");
  if (inCidrs(peer, cidrs)) {
    // Walk X-Forwarded-For from the right, skipping our own proxies: the first untrusted hop is the client.
    const hops = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => parse(s));
    for (let i = hops.length - 1; i >= 0; i--) {
      ip = hops[i]!;
      viaProxy = true;
      if (!inCidrs(ip, cidrs)) break;
    }
    const p = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
    if (p === "http" || p === "https") proto = p;
    const h = c.req.header("x-forwarded-host")?.split(",")[0]?.trim();
    if (h && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(h)) host = h;
  }
  return { ip, proto, host, origin: `${proto}://${host}`, viaProxy };
}
