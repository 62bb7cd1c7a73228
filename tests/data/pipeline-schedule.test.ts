import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../src/lib/data/index.js";
import {
  MAX_TIMER_MS,
  clockFromEnv,
  runSchedule,
  systemClock,
  type RunOutcome,
  type SchedulerClock,
} from "../../src/cli/schedule.js";
import { ROOT } from "../helpers/project.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "qb-sched-"));
const MIN = 60_000;
const at = (hhmmss: string): number => Date.parse(`2026-03-02T${hhmmss}Z`);

/** Runs the built CLI with extra environment variables. */
function quantbook(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(ROOT, "bin/quantbook.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 240_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

interface LogEvent {
  event: string;
  step?: string;
  ok?: boolean;
  message?: string;
}
const events = (file: string): LogEvent[] =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as LogEvent);

/** The `run <id> ok|FAILED; log <file>` lines of the pipeline's output. */
const runLines = (stdout: string): { id: string; ok: boolean; log: string }[] =>
  Array.from(stdout.matchAll(/^run (\S+) (ok|FAILED); log (.+)$/gm), (m) => ({ id: m[1]!, ok: m[2] === "ok", log: m[3]! }));

const scheduleLines = (stdout: string): string[] =>
  stdout.split("\n").filter((l) => l.startsWith("next run at") || l.startsWith("scheduled run"));

describe("quantbook pipeline --schedule, end to end (simulated clock: QUANTBOOK_FAKE_NOW)", () => {
  it('"* * * * *" --max-runs 2: two runs at the next two minutes, each with its outputs and log; exit 0', () => {
    const dir = tmp();
    const r = quantbook(["pipeline", "--data-dir", dir, "--schedule", "* * * * *", "--max-runs", "2"], {
      QUANTBOOK_FAKE_NOW: "2026-03-02T06:29:30Z",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // started at 06:29:30: the runs are at 06:30:00 and 06:31:00, in that order
    expect(scheduleLines(r.stdout)).toEqual([
      "next run at 2026-03-02T06:30:00.000Z",
      "scheduled run 1 of 2 at 2026-03-02T06:30:00.000Z",
      "next run at 2026-03-02T06:31:00.000Z",
      "scheduled run 2 of 2 at 2026-03-02T06:31:00.000Z",
    ]);
    // real minutes were not waited for: waiting would take at least 90 s
    expect(r.ms).toBeLessThan(60_000);
    const runs = runLines(r.stdout);
    expect(runs.map((x) => x.ok)).toEqual([true, true]);
    expect(new Set(runs.map((x) => x.id)).size).toBe(2);
    expect(readdirSync(join(dir, "runs")).sort()).toEqual(runs.map((x) => `${x.id}.jsonl`).sort());
    for (const run of runs) {
      expect(run.log).toBe(join(dir, "runs", `${run.id}.jsonl`));
      const log = events(run.log);
      expect(log[0]!.event).toBe("run-start");
      expect(log.at(-1)).toMatchObject({ event: "run-end", ok: true });
      expect(log.filter((e) => e.event === "step-ok").map((e) => e.step)).toContain("clean:henry_hub");
    }
    for (const name of ["henry_hub", "wti", "brent", "vix"]) {
      expect(existsSync(join(dir, "processed", `${name}.parquet`)), name).toBe(true);
    }
    // the first run wrote the processed files; the second found them in place (the pipeline is idempotent)
    const messages = (k: number): string[] =>
      events(runs[k]!.log)
        .filter((e) => e.event === "log" && e.step?.startsWith("clean:"))
        .map((e) => e.message!.replace(/;.*/, ""));
    expect(messages(0)).toEqual([
      "henry_hub: 7437 rows written",
      "wti: 10226 rows written",
      "brent: 9958 rows written",
      "vix: 9235 rows written",
    ]);
    expect(messages(1)).toEqual(messages(0).map((m) => m.replace("written", "unchanged")));
  });

  it("a failing run is reported on stderr with its log, the schedule goes on, and the exit status is 1", () => {
    const dir = tmp();
    const config = join(dir, "pipeline.yaml");
    writeFileSync(
      config,
      [
        "retries: 0",
        "datasets:",
        `  - { name: henry_hub, source: file, path: ${join(ROOT, "data/sample/henry_hub_daily.csv")}, missing: report }`,
        `  - { name: gone, source: file, path: ${join(dir, "no-such-file.csv")}, missing: report }`,
      ].join("\n"),
    );
    const r = quantbook(
      ["pipeline", "--config", config, "--data-dir", dir, "--schedule", "*/15 * * * *", "--max-runs", "2"],
      { QUANTBOOK_FAKE_NOW: "2026-03-02T06:29:30Z" },
    );
    expect(r.status).toBe(1);
    expect(scheduleLines(r.stdout)).toEqual([
      "next run at 2026-03-02T06:30:00.000Z",
      "scheduled run 1 of 2 at 2026-03-02T06:30:00.000Z",
      "next run at 2026-03-02T06:45:00.000Z",
      "scheduled run 2 of 2 at 2026-03-02T06:45:00.000Z",
    ]);
    const runs = runLines(r.stdout);
    expect(runs.map((x) => x.ok)).toEqual([false, false]);
    const errors = r.stderr.trim().split("\n");
    expect(errors).toHaveLength(3);
    runs.forEach((run, k) => {
      expect(errors[k]).toBe(
        `quantbook: scheduled run ${k + 1} of 2 at 2026-03-02T06:${k ? 45 : 30}:00.000Z failed: fetch:gone: DataError: ` +
          `${join(dir, "no-such-file.csv")}: cannot read file (ENOENT: no such file or directory, open '${join(dir, "no-such-file.csv")}'); ` +
          `log ${run.log}`,
      );
      const log = events(run.log);
      expect(log.filter((e) => e.event === "step-failed").map((e) => e.step)).toEqual(["fetch:gone"]);
      expect(log.at(-1)).toMatchObject({ event: "run-end", ok: false });
    });
    expect(errors[2]).toBe("quantbook: 2 of 2 scheduled runs failed");
    // the dataset that could be read was still processed
    expect(existsSync(join(dir, "processed/henry_hub.parquet"))).toBe(true);
  });

  it("bad --max-runs, --max-runs without --schedule, a bad cron or QUANTBOOK_FAKE_NOW: exit 2 before any run", () => {
    const dir = tmp();
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["--schedule", "* * * * *", "--max-runs", "0"], {}, /--max-runs must be a whole number of at least 1, got "0"/],
      [["--schedule", "* * * * *", "--max-runs", "1.5"], {}, /--max-runs must be a whole number/],
      [["--max-runs", "2"], {}, /--max-runs needs --schedule/],
      [["--schedule", "* * *", "--max-runs", "1"], {}, /cron "\* \* \*" must have 5 fields/],
      [["--schedule", "* * * * *"], { QUANTBOOK_FAKE_NOW: "yesterday" }, /QUANTBOOK_FAKE_NOW must be an ISO 8601 time/],
    ];
    for (const [args, env, message] of cases) {
      const r = quantbook(["pipeline", "--data-dir", dir, ...args], env);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain("    at "); // no stack trace
    }
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });

  it("--help documents --max-runs, the exit status and the QUANTBOOK_FAKE_NOW test hook", () => {
    const r = quantbook(["pipeline", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--max-runs <n>");
    expect(r.stdout).toContain("Exit status: 0 when every run succeeded; 1 when a run failed");
    expect(r.stdout).toMatch(/Test hook[^:]*: QUANTBOOK_FAKE_NOW=<ISO time>/);
  });
});

/** A clock the test moves by hand: sleeping jumps to the target, `wakeEarly` ms short of it. */
function manualClock(start: number, wakeEarly = 0): SchedulerClock & { t: number } {
  const clock = {
    t: start,
    now: () => clock.t,
    sleepUntil: async (target: number): Promise<void> => {
      if (target > clock.t) clock.t = target - wakeEarly;
    },
  };
  return clock;
}

describe("runSchedule", () => {
  it("a run that overruns later times skips them, and no time is run twice", async () => {
    const clock = manualClock(at("06:29:30"));
    const times: number[] = [];
    const durations = [10_000, 2.5 * MIN, 0];
    const r = await runSchedule({
      schedule: "* * * * *",
      maxRuns: 3,
      clock: clock,
      run: async (t) => {
        times.push(t);
        clock.t += durations[times.length - 1]!;
        return { ok: true };
      },
    });
    // 06:31 runs until 06:33:30, so 06:32 and 06:33 are skipped
    expect(times).toEqual([at("06:30:00"), at("06:31:00"), at("06:34:00")]);
    expect(r).toEqual({ runs: 3, failed: 0 });
  });

  it("a wake-up a moment before the time still runs each time once (not twice)", async () => {
    const clock = manualClock(at("06:29:30"), 1);
    const times: number[] = [];
    await runSchedule({
      schedule: "* * * * *",
      maxRuns: 3,
      clock: clock,
      run: async (t) => (times.push(t), { ok: true }),
    });
    expect(times).toEqual([at("06:30:00"), at("06:31:00"), at("06:32:00")]);
  });

  it("failed and throwing runs are reported and counted; the schedule goes on", async () => {
    const outcomes: (() => RunOutcome)[] = [
      () => ({ ok: false, detail: "fetch:x: DataError: gone" }),
      () => {
        throw new Error("disk full");
      },
      () => ({ ok: true }),
    ];
    const errors: string[] = [];
    const log: string[] = [];
    const r = await runSchedule({
      schedule: "0 6 * * 1-5",
      maxRuns: 3,
      clock: manualClock(at("07:00:00")), // Monday 2 March 2026
      run: async (_t, n) => outcomes[n - 1]!(),
      log: (l) => log.push(l),
      error: (l) => errors.push(l),
    });
    expect(r).toEqual({ runs: 3, failed: 2 });
    expect(errors).toEqual([
      "scheduled run 1 of 3 at 2026-03-03T06:00:00.000Z failed: fetch:x: DataError: gone",
      "scheduled run 2 of 3 at 2026-03-04T06:00:00.000Z failed: Error: disk full",
    ]);
    expect(log.at(-1)).toBe("scheduled run 3 of 3 at 2026-03-05T06:00:00.000Z");
  });

  it("a bad cron expression is a ConfigError before anything runs", async () => {
    const run = vi.fn(async () => ({ ok: true }));
    await expect(runSchedule({ schedule: "60 * * * *", clock: manualClock(0), run: run })).rejects.toThrow(ConfigError);
    expect(run).not.toHaveBeenCalled();
  });
});

describe("scheduler clocks", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("the system clock waits past setTimeout's 24.8-day limit (a monthly schedule) instead of firing at once", async () => {
    vi.useFakeTimers({ now: at("06:00:00") });
    let done = false;
    const target = Date.now() + 40 * 86_400_000;
    expect(target - Date.now()).toBeGreaterThan(MAX_TIMER_MS);
    const wait = systemClock.sleepUntil(target).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(target - Date.now() - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await wait;
    expect(done).toBe(true);
    expect(Date.now()).toBe(target);
  });

  it("QUANTBOOK_FAKE_NOW selects a simulated clock that starts there and jumps instead of sleeping", async () => {
    expect(clockFromEnv({})).toBe(systemClock);
    const clock = clockFromEnv({ QUANTBOOK_FAKE_NOW: "2026-03-02T06:29:30Z" });
    expect(Math.abs(clock.now() - at("06:29:30"))).toBeLessThan(5_000);
    const t0 = Date.now();
    await clock.sleepUntil(at("07:00:00"));
    expect(clock.now()).toBeGreaterThanOrEqual(at("07:00:00"));
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(() => clockFromEnv({ QUANTBOOK_FAKE_NOW: "1700000000000" })).toThrow(ConfigError);
  });
});
