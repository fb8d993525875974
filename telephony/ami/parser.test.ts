import { describe, expect, test } from "bun:test";
import { AmiMessage, AmiParser, serializeBlock } from "./parser.ts";
import { loadTranscript } from "../testing/fake-ami-server.ts";
import { readdirSync } from "node:fs";
import { join } from "node:path";

function feedAll(parser: AmiParser, bytes: Buffer, sizes: number[]) {
  const out = [];
  let off = 0;
  let i = 0;
  while (off < bytes.length) {
    const n = sizes[i++ % sizes.length]!;
    out.push(...parser.push(bytes.subarray(off, off + n)));
    off += n;
  }
  return out;
}

describe("AmiParser", () => {
  const fixtures = readdirSync(join(import.meta.dir, "../testing/fixtures"))
    .filter((f) => f.endsWith(".txt"))
    .map((f) => f.slice(0, -4));
  test.each(fixtures)("fixture %s: every byte accounted for, in 1-byte and whole chunks", (name) => {
    const bytes = loadTranscript(name);
    const text = bytes.toString("utf8");
    for (const sizes of [[bytes.length], [1], [5, 3]]) {
      const parts = feedAll(new AmiParser(), bytes, sizes);
      const rebuilt = parts.map((x) => (x.type === "banner" ? x.banner + "\r\n" : x.raw + "\r\n\r\n")).join("");
      expect(rebuilt).toBe(text);
      for (const x of parts) if (x.type === "message") expect(x.message.headers.length).toBeGreaterThan(0);
    }
  });

  test("banner then blocks, keys case-insensitive, repeated keys kept", () => {
    const p = new AmiParser();
    const out = p.push(
      "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: a-1\r\nMessage: ok\r\n\r\n" +
        "Event: VarSet\r\nvariable: A=1\r\nVariable: B=2\r\n\r\n",
    );
    expect(out.length).toBe(3);
    expect(out[0]).toEqual({ type: "banner", banner: "Asterisk Call Manager/11.0.0", version: "11.0.0" });
    const r = (out[1] as { message: AmiMessage }).message;
    expect(r.kind).toBe("response");
    expect(r.get("actionid")).toBe("a-1");
    expect(r.get("ACTIONID")).toBe("a-1");
    expect(r.headers[1]).toEqual(["ActionID", "a-1"]);
    const e = (out[2] as { message: AmiMessage }).message;
    expect(e.getAll("VARIABLE")).toEqual(["A=1", "B=2"]);
    expect(e.toObject()).toEqual({ Event: "VarSet", variable: "A=1", Variable: "B=2" });
    expect(p.pendingBytes).toBe(0);
  });

  test("OriginateResponse (Event + Response headers) is an event", () => {
    const m = AmiMessage.parse("Event: OriginateResponse\r\nResponse: Failure\r\nReason: 5");
    expect(m.kind).toBe("event");
    expect(m.int("Reason")).toBe(5);
  });

  test("captured transcript parses identically for every chunk size, incl. 1 byte", () => {
    const bytes = loadTranscript("call-answered");
    const whole = new AmiParser().push(bytes);
    // 1 banner + every block of both directions (client Actions included in the .txt)
    expect(whole[0]!.type).toBe("banner");
    const blocks = bytes.toString("utf8").split("\r\n\r\n").length - 1;
    expect(whole.length).toBe(1 + blocks);
    for (const sizes of [[1], [2], [3, 7], [4, 1, 13], [997]]) {
      const parts = feedAll(new AmiParser(), bytes, sizes);
      expect(parts.length).toBe(whole.length);
      expect(parts.map((x) => (x.type === "message" ? x.raw : x.banner))).toEqual(
        whole.map((x) => (x.type === "message" ? x.raw : x.banner)),
      );
    }
    const agentConnect = whole.find((x) => x.type === "message" && x.message.event === "AgentConnect");
    expect(agentConnect?.type === "message" && agentConnect.message.get("MemberName")).toBe("Agent One");
  });

  test("splits inside UTF-8 multi-byte characters are decoded correctly", () => {
    // The captures are ASCII only, so this uses a synthetic block with Chinese text.
    const text =
      "Asterisk Call Manager/11.0.0\r\nEvent: Newchannel\r\nCallerIDName: 张三\r\nContext: 热线\r\n\r\n" +
      "Event: AgentConnect\r\nMemberName: 坐席一\r\n\r\n";
    const bytes = Buffer.from(text, "utf8");
    // Every split position, including the middle of each 3-byte character.
    for (let cut = 1; cut < bytes.length; cut++) {
      const p = new AmiParser();
      const out = [...p.push(bytes.subarray(0, cut)), ...p.push(bytes.subarray(cut))];
      expect(out.length).toBe(3);
      const [, a, b] = out;
      expect(a!.type === "message" && a!.message.get("CallerIDName")).toBe("张三");
      expect(a!.type === "message" && a!.message.get("Context")).toBe("热线");
      expect(b!.type === "message" && b!.message.get("MemberName")).toBe("坐席一");
    }
  });

  test("banner split across chunks and incomplete tail kept", () => {
    const p = new AmiParser();
    expect(p.push("Asterisk Call Man")).toEqual([]);
    const out = p.push("ager/11.0.0\r\nEvent: FullyBooted\r\n\r\nEvent: Hang");
    expect(out.length).toBe(2);
    expect(p.pendingBytes).toBe("Event: Hang".length);
    const rest = p.push("up\r\nCause: 16\r\n\r");
    expect(rest).toEqual([]);
    const last = p.push("\n");
    expect(last.length).toBe(1);
    expect(last[0]!.type === "message" && last[0]!.message.int("Cause")).toBe(16);
  });

  test("serializeBlock refuses CR/LF injection", () => {
    expect(
      serializeBlock([
        ["Action", "Ping"],
        ["ActionID", "x"],
      ]),
    ).toBe("Action: Ping\r\nActionID: x\r\n\r\n");
    expect(() => serializeBlock([["Action", "Ping\r\nAction: Logoff"]])).toThrow();
  });
});
