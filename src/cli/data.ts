/**
 * `quantbook data validate FILE [--json]`: reads a CSV (or Parquet) file and prints its data-quality report
 * (counts and offending rows; see `notebooks/lib/04_data_cleaning.ipynb`).
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Command } from "commander";
import {
  checkDataQuality,
  formatQualityReport,
  nextCronTime,
  parsePipelineConfig,
  pipelineFromConfig,
  runPipeline,
  samplePipelineConfig,
  type PipelineConfig,
  readCsv,
  ConfigError,
  QuantbookError,
  readParquetTable,
  weekdayCalendar,
  type ColumnTable,
  type CsvOptions,
  type DateFormat,
  type QualityOptions,
} from "../lib/data/index.js";
import { sampleDir } from "../sample.js";
import { clockFromEnv, runSchedule, type RunOutcome } from "./schedule.js";

/** Options of `data validate` as commander parses them. */
interface ValidateOptions {
  json?: boolean;
  timeZone?: string;
  dateFormat?: string;
  time?: string;
  columns?: string;
  delimiter?: string;
  holidays?: string;
  minGap?: string;
  outlierZ?: string;
  max?: string;
}

/** Reads a CSV or Parquet file (by extension, `.parquet`/`.pq`; anything else is read as CSV) into a table. */
export async function readTableFile(file: string, csv: Omit<CsvOptions, "file"> = {}): Promise<ColumnTable> {
  const ext = extname(file).toLowerCase();
  if (ext === ".parquet" || ext === ".pq") return readParquetTable(file);
  return readCsv(file, csv);
}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new ConfigError(`--${name} must be a number, got "${v}"`, { field: name });
  return x;
}

/** Runs a command body; a quantbook error (bad file, bad option) is printed without a stack, exit code 2. */
async function guarded(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (!(err instanceof QuantbookError)) throw err;
    process.stderr.write(`quantbook: ${err.name}: ${err.message}\n`);
    process.exitCode = 2;
  }
}

/** Options of `pipeline` as commander parses them. */
interface PipelineOptions {
  config?: string;
  dataDir?: string;
  schedule?: string;
  maxRuns?: string;
}

/** Reads a YAML or JSON pipeline config (or the default: import the shipped samples). */
export function loadPipelineConfig(file: string | undefined, dataDir: string | undefined): PipelineConfig {
  if (file === undefined) return samplePipelineConfig(sampleDir(), dataDir ?? "data");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read config (${(err as Error).message})`, { file });
  }
  let value: unknown;
  try {
    value = parseYaml(text) as unknown;
  } catch (err) {
    throw new ConfigError(`config is not valid YAML/JSON (${(err as Error).message})`, { file });
  }
  const config = parsePipelineConfig(value, file);
  if (dataDir !== undefined) config.dataDir = dataDir;
  return config;
}

async function pipelineOnce(config: PipelineConfig): Promise<RunOutcome> {
  const run = await runPipeline(pipelineFromConfig(config), {
    dataDir: config.dataDir,
    retries: config.retries,
  });
  for (const s of run.steps) {
    const what = s.processed.length
      ? ` → ${s.processed.join(", ")}`
      : s.rawSnapshots.length
        ? ` (${s.rawSnapshots.length} raw)`
        : "";
    process.stdout.write(`${s.status.padEnd(7)} ${s.id}${what}${s.error ? `: ${s.error}` : ""}\n`);
  }
  process.stdout.write(`run ${run.runId} ${run.ok ? "ok" : "FAILED"}; log ${run.logFile}\n`);
  const failed = run.steps.filter((s) => s.status === "failed");
  return run.ok
    ? { ok: true }
    : { ok: false, detail: `${failed.map((s) => `${s.id}: ${s.error}`).join("; ")}; log ${run.logFile}` };
}

/** `--max-runs`: a whole number ≥ 1. */
function maxRunsOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError(`--max-runs must be a whole number of at least 1, got "${v}"`, {
      field: "max-runs",
    });
  }
  return n;
}

async function pipeline(o: PipelineOptions): Promise<void> {
  const maxRuns = maxRunsOption(o.maxRuns);
  if (o.schedule === undefined) {
    if (maxRuns !== undefined) throw new ConfigError("--max-runs needs --schedule", { field: "max-runs" });
    const config = loadPipelineConfig(o.config, o.dataDir);
    if (!(await pipelineOnce(config)).ok) process.exitCode = 1;
    return;
  }
  const clock = clockFromEnv();
  nextCronTime(o.schedule, clock.now()); // a bad expression fails before the config is read or anything waits
  const config = loadPipelineConfig(o.config, o.dataDir);
  const r = await runSchedule({
    schedule: o.schedule,
    ...(maxRuns !== undefined ? { maxRuns: maxRuns } : {}),
    clock: clock,
    run: () => pipelineOnce(config),
    log: (line) => process.stdout.write(line + "\n"),
    error: (line) => process.stderr.write(`quantbook: ${line}\n`),
  });
  if (r.failed) {
    process.stderr.write(`quantbook: ${r.failed} of ${r.runs} scheduled runs failed\n`);
    process.exitCode = 1;
  }
}

/** Adds the `data` command group and the `pipeline` command to the program. */
export function registerDataCommand(program: Command): void {
  program
    .command("pipeline")
    .description("fetch → raw → clean → processed for the configured datasets (default: import data/sample)")
    .option("--config <file>", "pipeline config (YAML or JSON)")
    .option("--data-dir <dir>", "root of raw/, processed/ and runs/ (default: the config's, else data)")
    .option(
      "--schedule <cron>",
      'keep running at the times of a 5-field UTC cron expression, e.g. "30 6 * * 1-5"',
    )
    .option("--max-runs <n>", "with --schedule: stop after n runs (default: run until stopped)")
    .addHelpText(
      "after",
      `
Exit status: 0 when every run succeeded; 1 when a run failed (a step failed after its retries; with
--schedule the failure is reported on stderr, the schedule goes on, and the status is 1 once --max-runs
runs are done); 2 for a bad option, config or cron expression. Each run writes a JSON-lines log to
<data-dir>/runs/<run-id>.jsonl. A scheduled run that overruns later times skips them; none runs twice.

Test hook (used by the test suite, never needed otherwise): QUANTBOOK_FAKE_NOW=<ISO time>, e.g.
2026-03-02T06:29:30Z, starts the scheduler's clock at that time and jumps to each scheduled time
instead of sleeping; runs themselves take real time.`,
    )
    .action((o: PipelineOptions) => guarded(() => pipeline(o)));

  const data = program.command("data").description("data files: validation and quality reports");
  data
    .command("validate")
    .description("print the data-quality report of a CSV or Parquet file")
    .argument("<file>", "a CSV or Parquet file")
    .option("--json", "print the full report as JSON")
    .option("--time-zone <zone>", "IANA zone of wall-clock times (default UTC)")
    .option("--date-format <format>", "auto, iso, mdy, dmy or ymd (default auto)")
    .option("--time <column>", "the time column, or date,time columns")
    .option("--columns <names>", "comma-separated column names to use instead of the header's")
    .option("--delimiter <char>", "field delimiter (default ,)")
    .option("--holidays <dates>", "comma-separated YYYY-MM-DD holidays of the weekday calendar")
    .option("--min-gap <sessions>", "smallest number of missing sessions reported as a gap (default 3)")
    .option("--outlier-z <z>", "robust z-score threshold of outliers (default 10)")
    .option("--max <n>", "offending rows printed per kind in text output (default 20)")
    .action((file: string, o: ValidateOptions) => guarded(() => validate(file, o)));
}

async function validate(file: string, o: ValidateOptions): Promise<void> {
  const csv: Omit<CsvOptions, "file"> = {};
  if (o.timeZone) csv.timeZone = o.timeZone;
  if (o.dateFormat) csv.dateFormat = o.dateFormat as DateFormat;
  if (o.time) {
    const parts = o.time.split(",");
    csv.time = parts.length === 2 ? [parts[0] as string, parts[1] as string] : o.time;
  }
  if (o.columns) csv.columns = o.columns.split(",");
  if (o.delimiter) csv.delimiter = o.delimiter;
  const table = await readTableFile(file, csv);
  const q: QualityOptions = {};
  if (o.holidays) q.calendar = weekdayCalendar(o.holidays.split(","));
  const minGap = num(o.minGap, "min-gap");
  if (minGap !== undefined) q.minGapSessions = minGap;
  const z = num(o.outlierZ, "outlier-z");
  if (z !== undefined) q.outlierZ = z;
  const report = checkDataQuality(table, q);
  process.stdout.write(
    o.json
      ? JSON.stringify(report, null, 2) + "\n"
      : formatQualityReport(report, num(o.max, "max") ?? 20) + "\n",
  );
}
