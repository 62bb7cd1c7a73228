/**
 * The scheduler behind `quantbook pipeline --schedule`: waits for each time of a cron expression and runs a
 * job there, on a clock that is the real one or, for tests, a simulated one that jumps instead of sleeping.
 */
import { ConfigError, nextCronTime } from "../lib/data/index.js";

/** The time source of {@link runSchedule}. */
export interface SchedulerClock {
  /** Current time, epoch ms. */
  now(): number;
  /** Resolves once {@link now} has reached `timeMs`. */
  sleepUntil(timeMs: number): Promise<void>;
}

/** The longest delay `setTimeout` honours (2^31 − 1 ms, ~24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Real time. Waits in chunks of at most {@link MAX_TIMER_MS} (a monthly or yearly schedule is further away
 * than `setTimeout` can wait) and re-checks the clock after each, so a timer that wakes early never starts a
 * run before its time.
 */
export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  async sleepUntil(timeMs: number): Promise<void> {
    for (let left = timeMs - Date.now(); left > 0; left = timeMs - Date.now()) {
      await new Promise<void>((resolve) => setTimeout(resolve, Math.min(left, MAX_TIMER_MS)));
    }
  },
};

/**
 * A simulated clock for tests: it starts at `startMs`, runs at real speed, and jumps forward to the time a
 * sleep waits for instead of sleeping. Runs still take their real time, so scheduled times are exact and a
 * test of "two runs a minute apart" takes seconds.
 */
export function simulatedClock(startMs: number): SchedulerClock {
  let offset = startMs - Date.now();
  return {
    now: () => Date.now() + offset,
    sleepUntil: async (timeMs: number): Promise<void> => {
      const now = Date.now() + offset;
      if (timeMs > now) offset += timeMs - now;
    },
  };
}

/**
 * The test hook of `quantbook pipeline --schedule`: `QUANTBOOK_FAKE_NOW=<ISO 8601 instant>` in the environment
 * selects {@link simulatedClock} starting at that instant; unset (always, outside tests) the real clock.
 */
export function clockFromEnv(env: Record<string, string | undefined> = process.env): SchedulerClock {
  const fake = env["QUANTBOOK_FAKE_NOW"];
  if (fake === undefined || fake === "") return systemClock;
  const t = Date.parse(fake);
  if (!/^\d{4}-\d\d-\d\dT/.test(fake) || !Number.isFinite(t)) {
    throw new ConfigError(
      `QUANTBOOK_FAKE_NOW must be an ISO 8601 time such as 2026-03-02T06:29:30Z, got "${fake}"`,
      {
        field: "QUANTBOOK_FAKE_NOW",
      },
    );
  }
  return simulatedClock(t);
}

/** Options of {@link runSchedule}. */
export interface ScheduleOptions {
  /** A 5-field UTC cron expression (see `nextCronTime`). */
  schedule: string;
  /** Stop after this many runs (default: never). */
  maxRuns?: number;
  /** Default {@link systemClock}. */
  clock?: SchedulerClock;
  /** One run at its scheduled time; `ok: false` (or a throw) is a failed run, `detail` says why. */
  run: (scheduledMs: number, index: number) => Promise<RunOutcome>;
  /** Progress lines ("next run at …"). */
  log?: (line: string) => void;
  /** Failure lines. */
  error?: (line: string) => void;
}

/** How one scheduled run went. */
export interface RunOutcome {
  ok: boolean;
  /** For a failed run: what failed and where its log is. */
  detail?: string;
}

/** What {@link runSchedule} did. */
export interface ScheduleResult {
  /** How many runs were made. */
  runs: number;
  /** How many of them failed. */
  failed: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Runs `run` at each time of the cron schedule after now, one run at a time. A run that overruns later
 * scheduled times skips them (no catch-up, never two runs at once); a time is never run twice. A failed or
 * throwing run is reported through `error` and the schedule goes on. Throws `ConfigError` for a bad cron
 * expression before waiting.
 */
export async function runSchedule(o: ScheduleOptions): Promise<ScheduleResult> {
  const clock = o.clock ?? systemClock;
  const maxRuns = o.maxRuns ?? Infinity;
  const log = o.log ?? ((): void => {});
  const error = o.error ?? ((): void => {});
  let after = clock.now();
  nextCronTime(o.schedule, after); // validates the expression before any waiting
  const result: ScheduleResult = { runs: 0, failed: 0 };
  const of = Number.isFinite(maxRuns) ? ` of ${maxRuns}` : "";
  for (let n = 1; n <= maxRuns; n++) {
    // strictly after the last scheduled time, so an early wake-up cannot run the same time twice
    const next = nextCronTime(o.schedule, Math.max(after, clock.now()));
    log(`next run at ${iso(next)}`);
    await clock.sleepUntil(next);
    after = next;
    result.runs++;
    log(`scheduled run ${n}${of} at ${iso(next)}`);
    let outcome: RunOutcome;
    try {
      outcome = await o.run(next, n);
    } catch (err) {
      outcome = { ok: false, detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
    if (!outcome.ok) {
      result.failed++;
      error(`scheduled run ${n}${of} at ${iso(next)} failed${outcome.detail ? `: ${outcome.detail}` : ""}`);
    }
  }
  return result;
}
