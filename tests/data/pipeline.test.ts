import { spawn, spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConfigError,
  HttpClient,
  nextCronTime,
  parsePipelineConfig,
  pipelineFromConfig,
  runPipeline,
  samplePipelineConfig,
  type PipelineStep,
} from "../../src/lib/data/index.js";
import { ROOT } from "../helpers/project.js";

const SAMPLE = join(ROOT, "data/sample");
const tmp = (): string => mkdtempSync(join(tmpdir(), "qb-pipe-"));
const noSleep = async (): Promise<void> => {};

/** Every file under `dir` (relative path → bytes as hex digest-free string), excluding the run logs. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (!relative(dir, p).startsWith("runs")) out[relative(dir, p)] = readFileSync(p).toString("base64");
    }
  };
  walk(dir);
  return out;
}

/** Raw manifest entries record when a file was fetched; everything else must be byte-identical across runs. */
function withoutFetchTimes(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) {
    out[k] = k.startsWith("raw/") && k.endsWith(".json") ? Buffer.from(v, "base64").toString().replace(/"fetchedAt": "[^"]*"/, "") : v;
  }
  return out;
}

describe("runPipeline: the DAG", () => {
  it("runs steps in dependency order, retries, and skips dependents of a failed step", async () => {
    const order: string[] = [];
    let flaky = 0;
    const step = (id: string, deps: string[], fail = false): PipelineStep => ({
      id,
      deps,
      run: async () => {
        order.push(id);
        if (fail) throw new Error(`${id} broke`);
        if (id === "b" && ++flaky < 3) throw new Error("transient");
        return {};
      },
    });
    const run = await runPipeline([step("c", ["b"]), step("b", ["a"]), step("a", []), step("x", [], true), step("y", ["x"])], {
      dataDir: tmp(),
      retries: 2,
      sleep: noSleep,
    });
    expect(order).toEqual(["a", "b", "b", "b", "c", "x", "x", "x"]);
    expect(run.steps.map((s) => [s.id, s.status, s.attempts])).toEqual([
      ["a", "ok", 1],
      ["b", "ok", 3],
      ["c", "ok", 1],
      ["x", "failed", 3],
      ["y", "skipped", 0],
    ]);
    expect(run.ok).toBe(false);
    const events = readFileSync(run.logFile, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events[0]).toBe("run-start");
    expect(events[events.length - 1]).toBe("run-end");
  });

  it("rejects cycles, unknown dependencies and duplicate ids before running anything", async () => {
    const s = (id: string, deps: string[]): PipelineStep => ({ id, deps, run: async () => ({}) });
    await expect(runPipeline([s("a", ["b"]), s("b", ["a"])], { dataDir: tmp() })).rejects.toThrow(/cycle: a, b/);
    await expect(runPipeline([s("a", ["zz"])], { dataDir: tmp() })).rejects.toBeInstanceOf(ConfigError);
    await expect(runPipeline([s("a", []), s("a", [])], { dataDir: tmp() })).rejects.toThrow(/declared twice/);
  });
});

describe("the configured pipeline over the shipped samples", () => {
  it("two runs produce identical processed files; the second writes nothing", async () => {
    const a = tmp();
    const b = tmp();
    const r1 = await runPipeline(pipelineFromConfig(samplePipelineConfig(SAMPLE, a)), { dataDir: a });
    const first = snapshot(a);
    const r2 = await runPipeline(pipelineFromConfig(samplePipelineConfig(SAMPLE, a)), { dataDir: a });
    expect(r1.ok && r2.ok).toBe(true);
    expect(snapshot(a)).toEqual(first);
    expect(readFileSync(r2.logFile, "utf8")).toContain("wti: 10226 rows unchanged");
    await runPipeline(pipelineFromConfig(samplePipelineConfig(SAMPLE, b)), { dataDir: b });
    expect(withoutFetchTimes(snapshot(b))).toEqual(withoutFetchTimes(first));
    const sidecar = JSON.parse(readFileSync(join(a, "processed/henry_hub.json"), "utf8")) as { rawSnapshots: string[]; rows: number };
    expect(sidecar.rows).toBe(7437);
    expect(sidecar.rawSnapshots).toEqual(readdirSync(join(a, "raw/henry_hub")).filter((f) => f.endsWith(".manifest.json")).map((f) => f.slice(0, -".manifest.json".length)));
    const quality = JSON.parse(readFileSync(join(a, "processed/vix.quality.json"), "utf8")) as { counts: Record<string, number> };
    expect(quality.counts["ohlc"]).toBe(47);
  });

  it("a run that died after storing raw data is completed by a re-run, without duplicates", async () => {
    const dir = tmp();
    const config = samplePipelineConfig(SAMPLE, dir);
    const crashing = pipelineFromConfig(config).map((s) =>
      s.id === "clean:wti"
        ? {
            ...s,
            run: async (): Promise<never> => {
              throw new Error("killed");
            },
          }
        : s,
    );
    const dead = await runPipeline(crashing, { dataDir: dir, retries: 0 });
    expect(dead.ok).toBe(false);
    expect(dead.steps.find((s) => s.id === "clean:wti")!.status).toBe("failed");
    const again = await runPipeline(pipelineFromConfig(config), { dataDir: dir });
    expect(again.ok).toBe(true);
    const fresh = tmp();
    await runPipeline(pipelineFromConfig(samplePipelineConfig(SAMPLE, fresh)), { dataDir: fresh });
    expect(withoutFetchTimes(snapshot(dir))).toEqual(withoutFetchTimes(snapshot(fresh)));
  });

  it("killing the CLI at an arbitrary moment and re-running ends in the same files as a clean run", async () => {
    const cli = join(ROOT, "bin/quantbook.js");
    // A clean run, timed, so the kill below lands inside a run whatever the machine's speed.
    const fresh = tmp();
    const t0 = Date.now();
    const clean = spawnSync(process.execPath, [cli, "pipeline", "--data-dir", fresh], { encoding: "utf8" });
    expect(clean.status).toBe(0);
    const cleanMs = Date.now() - t0;
    const dir = tmp();
    const child = spawn(process.execPath, [cli, "pipeline", "--data-dir", dir], { stdio: "ignore" });
    const exited = new Promise((r) => child.once("exit", r));
    // node start-up is ~10–20% of a run; kill between 30% and 90% of the clean run's duration
    await new Promise((r) => setTimeout(r, Math.floor(cleanMs * (0.3 + 0.6 * Math.random()))));
    const killed = child.kill("SIGKILL");
    await exited;
    expect(killed).toBe(true);
    const rerun = spawnSync(process.execPath, [cli, "pipeline", "--data-dir", dir], { encoding: "utf8" });
    expect(rerun.status).toBe(0);
    // A kill during a write may leave a stray temporary file (never a partial target); everything else matches.
    const files = Object.fromEntries(Object.entries(snapshot(dir)).filter(([k]) => !/(^|\/)\.[^/]*\.tmp-/.test(k)));
    expect(withoutFetchTimes(files)).toEqual(withoutFetchTimes(snapshot(fresh)));
  }, 300_000);
});

describe("config, fetch sources and schedules", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", base);
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          response: {
            total: 2,
            data: [
              { period: "2024-01-03", series: "RNGWHHD", value: "2.71" },
              { period: "2024-01-02", series: "RNGWHHD", value: url.searchParams.get("api_key") === "k3y-secret" ? 2.58 : null },
            ],
          },
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("an EIA dataset: key from the environment, never in the raw store or the log", async () => {
    const dir = tmp();
    const config = parsePipelineConfig({
      dataDir: dir,
      datasets: [{ name: "hh", source: "eia", route: "natural-gas/pri/fut", series: "RNGWHHD", frequency: "daily", baseUrl: base, missing: "ffill" }],
    });
    const run = await runPipeline(pipelineFromConfig(config, { env: { EIA_API_KEY: "k3y-secret" }, client: new HttpClient({ sleep: noSleep }) }), {
      dataDir: dir,
    });
    expect(run.ok).toBe(true);
    const all = Object.values(snapshot(dir)).map((b) => Buffer.from(b, "base64").toString("latin1")).join("\n") + readFileSync(run.logFile, "utf8");
    expect(all).not.toContain("k3y-secret");
    expect(all).toContain("api_key=***");
    const noKey = await runPipeline(pipelineFromConfig(config, { env: {} }), { dataDir: dir, retries: 0 });
    expect(noKey.steps[0]!.error).toBe('ConfigError: field "EIA_API_KEY": EIA_API_KEY is not set');
  });

  it("a paginated EIA fetch that died is resumed: full pages already in the raw store are not fetched again", async () => {
    // 12,000 rows: pages at offsets 0 and 5000 are full, 10000 is partial. The first run fails on the third page.
    const requested: number[] = [];
    let failThird = true;
    const big = createServer((req, res) => {
      const offset = Number(new URL(req.url ?? "/", "http://x").searchParams.get("offset"));
      requested.push(offset);
      if (offset === 10000 && failThird) {
        res.writeHead(400).end("bad request");
        return;
      }
      const rows = Array.from({ length: Math.min(5000, 12000 - offset) }, (_, k) => {
        const d = new Date(Date.UTC(1990, 0, 1) + (offset + k) * 86_400_000).toISOString().slice(0, 10);
        return { period: d, series: "RNGWHHD", value: (offset + k) / 100 };
      });
      res.end(JSON.stringify({ response: { total: 12000, data: rows } }));
    });
    await new Promise<void>((r) => big.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(big.address() as AddressInfo).port}`;
    try {
      const dir = tmp();
      const config = parsePipelineConfig({
        dataDir: dir,
        datasets: [{ name: "hh", source: "eia", route: "natural-gas/pri/fut", series: "RNGWHHD", frequency: "daily", baseUrl: url, missing: "report" }],
      });
      const build = () => pipelineFromConfig(config, { env: { EIA_API_KEY: "k" }, client: new HttpClient({ sleep: noSleep }) });
      const first = await runPipeline(build(), { dataDir: dir, retries: 0 });
      expect(first.ok).toBe(false);
      expect(requested).toEqual([0, 5000, 10000]);
      failThird = false;
      requested.length = 0;
      const second = await runPipeline(build(), { dataDir: dir, retries: 0 });
      expect(second.ok).toBe(true);
      expect(requested).toEqual([10000]);
      expect(readFileSync(second.logFile, "utf8")).toContain("hh: 3 EIA pages, 2 reused from the raw store");
      const sidecar = JSON.parse(readFileSync(join(dir, "processed/hh.json"), "utf8")) as { rows: number; rawSnapshots: string[] };
      expect(sidecar.rows).toBe(12000);
      expect(sidecar.rawSnapshots.length).toBe(3);
      expect(readdirSync(join(dir, "raw/hh")).filter((f) => f.endsWith(".manifest.json")).length).toBe(3);
    } finally {
      await new Promise<void>((r) => big.close(() => r()));
    }
  });

  it("invalid configs are ConfigErrors naming the field", () => {
    expect(() => parsePipelineConfig({ datasets: [{ name: "a", source: "file", path: "x.csv" }] }, "p.yaml")).toThrow(/p.yaml.*datasets.0.missing/);
    expect(() => parsePipelineConfig({ datasets: [{ name: "../x", source: "file", path: "x.csv", missing: "drop" }] })).toThrow(ConfigError);
    expect(() => parsePipelineConfig({ datasets: [] })).toThrow(ConfigError);
  });

  it("nextCronTime: the next matching minute in UTC, by hand", () => {
    const t = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);
    expect(nextCronTime("30 6 * * 1-5", t(2024, 1, 5, 6, 30))).toBe(t(2024, 1, 8, 6, 30)); // Fri 06:30 → Mon 06:30
    expect(nextCronTime("0 0 1 * *", t(2024, 1, 31, 12))).toBe(t(2024, 2, 1)); // monthly
    expect(nextCronTime("0 12 29 2 *", t(2023, 3, 1))).toBe(t(2024, 2, 29, 12)); // next leap day
    expect(nextCronTime("5,35 */6 * * 0", t(2024, 1, 6, 23))).toBe(t(2024, 1, 7, 0, 5)); // Sunday 00:05
    expect(nextCronTime("0 9 13 * 5", t(2024, 9, 1))).toBe(t(2024, 9, 6, 9)); // day 13 OR Friday: Fri 6 Sep
    expect(() => nextCronTime("61 * * * *", 0)).toThrow(ConfigError);
    expect(() => nextCronTime("* * *", 0)).toThrow(/5 fields/);
  });
});
