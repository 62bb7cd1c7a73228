import { mkdtempSync, readFileSync, readdirSync, writeFileSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ByteLruCache,
  ConfigError,
  DataError,
  ProcessedStore,
  RawStore,
  dataByteSize,
  makeBars,
  makeSeries,
  parseCsv,
} from "../../src/lib/data/index.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "qb-store-"));
// SHA-256("abc") from FIPS 180-2, appendix B.1.
const SHA_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("RawStore", () => {
  it("stores bytes write-once with a manifest entry; the hash is the published SHA-256", () => {
    const root = tmp();
    const raw = new RawStore(root);
    const e = raw.put("abc", "abc", {
      source: "test",
      request: { url: "http://127.0.0.1/x", start: "2024-01-01" },
      fetchedAt: new Date("2024-05-01T12:00:00Z"),
      ext: "txt",
    });
    expect(e).toEqual({
      snapshotId: `abc-${SHA_ABC.slice(0, 16)}`,
      dataset: "abc",
      file: `abc/abc-${SHA_ABC.slice(0, 16)}.txt`,
      sha256: SHA_ABC,
      bytes: 3,
      source: "test",
      request: { url: "http://127.0.0.1/x", start: "2024-01-01" },
      fetchedAt: "2024-05-01T12:00:00.000Z",
    });
    expect(readFileSync(join(root, e.file), "utf8")).toBe("abc");
    expect(JSON.parse(readFileSync(join(root, "abc", `${e.snapshotId}.manifest.json`), "utf8"))).toEqual(e);
    expect(raw.readText(e.snapshotId)).toBe("abc");
  });

  it("the same content twice is one snapshot (first fetch time kept); new content is a new snapshot", () => {
    const root = tmp();
    const raw = new RawStore(root);
    const a = raw.put("ng", "v1", { source: "s", fetchedAt: new Date("2024-01-01T00:00:00Z") });
    const b = raw.put("ng", "v1", { source: "s", fetchedAt: new Date("2024-02-01T00:00:00Z") });
    const c = raw.put("ng", "v2", { source: "s", fetchedAt: new Date("2024-03-01T00:00:00Z") });
    expect(b).toEqual(a);
    expect(c.snapshotId).not.toBe(a.snapshotId);
    expect(raw.list("ng").map((x) => x.snapshotId)).toEqual([a.snapshotId, c.snapshotId]);
    expect(raw.latest("ng")!.snapshotId).toBe(c.snapshotId);
    expect(readdirSync(join(root, "ng")).length).toBe(4); // two files + two manifest entries, nothing else
    expect(raw.readText(a.snapshotId)).toBe("v1");
  });

  it("verifies on read: a modified or missing file is a DataError naming it", () => {
    const root = tmp();
    const raw = new RawStore(root);
    const e = raw.put("x", "original", { source: "s" });
    writeFileSync(join(root, e.file), "changed");
    const err = thrown(() => raw.read(e.snapshotId));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toContain(`${join(root, e.file)}: raw file hash mismatch`);
    // Storing the same content again does not repair (overwrite) it either.
    expect(thrown(() => raw.put("x", "original", { source: "s" }))).toBeInstanceOf(DataError);
    unlinkSync(join(root, e.file));
    expect(thrown(() => raw.read(e.snapshotId)).message).toContain("raw file is missing");
    expect(thrown(() => raw.read("x-0123456789abcdef")).message).toContain('no raw snapshot "x-0123456789abcdef"');
  });

  it("completes a put interrupted between the data file and its manifest entry", () => {
    const root = tmp();
    const first = new RawStore(root).put("y", "data", { source: "s" });
    unlinkSync(join(root, "y", `${first.snapshotId}.manifest.json`)); // as if killed before the manifest was written
    const again = new RawStore(root).put("y", "data", { source: "s" });
    expect(again.snapshotId).toBe(first.snapshotId);
    expect(readdirSync(join(root, "y")).sort()).toEqual([`${first.snapshotId}.bin`, `${first.snapshotId}.manifest.json`]);
  });

  it("rejects dataset names that are paths", () => {
    const raw = new RawStore(tmp());
    for (const bad of ["../etc", "a/b", "", ".hidden"]) expect(() => raw.put(bad, "x", { source: "s" })).toThrow(ConfigError);
  });
});

describe("ProcessedStore", () => {
  const bars = makeBars("NG", {
    time: [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)],
    open: [2.5, 2.6],
    high: [2.7, 2.8],
    low: [2.4, NaN],
    close: [2.6, 2.7],
  });

  it("writes Parquet + lineage sidecar; the same data gives byte-identical files and a skipped rewrite", () => {
    const a = new ProcessedStore(tmp());
    const b = new ProcessedStore(tmp());
    const wa = a.write("ng", bars, { rawSnapshots: ["s2-0000000000000002", "s1-0000000000000001"], params: { step: "clean" } });
    const wb = b.write("ng", bars, { rawSnapshots: ["s1-0000000000000001", "s2-0000000000000002"], params: { step: "clean" } });
    expect(readFileSync(join(a.root, "ng.parquet")).equals(readFileSync(join(b.root, "ng.parquet")))).toBe(true);
    expect(readFileSync(join(a.root, "ng.json"), "utf8")).toBe(readFileSync(join(b.root, "ng.json"), "utf8"));
    expect(wa.written && wb.written).toBe(true);
    expect(a.write("ng", bars, { rawSnapshots: ["s1-0000000000000001", "s2-0000000000000002"], params: { step: "clean" } }).written).toBe(false);
    expect(a.entry("ng").rawSnapshots).toEqual(["s1-0000000000000001", "s2-0000000000000002"]);
    expect(a.entry("ng").rows).toBe(2);
    const back = a.readBars("ng");
    expect(Array.from(back.close)).toEqual([2.6, 2.7]);
    expect(Number.isNaN(back.low[1])).toBe(true);
    const t = a.write("tbl", parseCsv("Date,Price\n2024-01-02,1\n"), { rawSnapshots: [] });
    expect(t.rows).toBe(1);
    expect(Array.from(a.readTable("tbl").columns["Price"]!)).toEqual([1]);
  });

  it("a Parquet file that no longer matches its sidecar is a DataError", () => {
    const p = new ProcessedStore(tmp());
    p.write("ng", bars, { rawSnapshots: [] });
    const other = new ProcessedStore(tmp());
    other.write("ng", makeBars("NG", { time: [1], open: [1], high: [1], low: [1], close: [1] }), { rawSnapshots: [] });
    writeFileSync(join(p.root, "ng.parquet"), readFileSync(join(other.root, "ng.parquet")));
    expect(thrown(() => p.readBars("ng")).message).toContain("processed file hash mismatch");
    expect(thrown(() => p.entry("absent"))).toBeInstanceOf(DataError);
  });
});

describe("ByteLruCache", () => {
  it("evicts least recently used entries to stay under the byte cap", () => {
    const c = new ByteLruCache<Uint8Array>(250, dataByteSize);
    c.set("a", new Uint8Array(100));
    c.set("b", new Uint8Array(100));
    expect(c.get("a")!.length).toBe(100); // order now b, a
    c.set("c", new Uint8Array(100)); // 300 > 250 → evict b
    expect(c.keys()).toEqual(["a", "c"]);
    expect(c.bytes).toBe(200);
    c.set("a", new Uint8Array(200)); // replace a: 200 + 100 > 250 → evict c
    expect(c.keys()).toEqual(["a"]);
    expect(c.bytes).toBe(200);
    expect(c.set("huge", new Uint8Array(251))).toBe(false);
    expect(c.has("huge")).toBe(false);
    let loads = 0;
    const load = (): Uint8Array => {
      loads++;
      return new Uint8Array(10);
    };
    c.getOrLoad("z", load);
    c.getOrLoad("z", load);
    expect(loads).toBe(1);
    expect(() => new ByteLruCache<Uint8Array>(-1, dataByteSize)).toThrow(ConfigError);
  });

  it("measures datasets by their typed arrays", () => {
    const bars = makeBars("X", { time: [1, 2], open: [1, 2], high: [1, 2], low: [1, 2], close: [1, 2] });
    expect(dataByteSize(bars)).toBe(6 * 2 * 8); // time, OHLC, volume (NaN-filled)
    expect(dataByteSize(makeSeries([1, 2, 3], [1, 2, 3]))).toBe(2 * 3 * 8);
    expect(dataByteSize({ time: new Float64Array(4), symbols: ["a", "b"], values: [new Float64Array(4), new Float64Array(4)] })).toBe(96);
  });
});
