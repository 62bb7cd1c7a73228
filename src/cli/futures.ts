/**
 * `quantbook futures …`: contract specs, expiry dates and rule-based roll calendars from the command
 * line (see `notebooks/lib/10_data_futures_specs.ipynb` … `13_data_futures_rolls.ipynb`).
 *
 * - `quantbook futures spec NG` prints the contract spec as JSON;
 * - `quantbook futures expiries CL --from 2025 --to 2026` prints last trade and first notice dates;
 * - `quantbook futures roll-calendar CL --from 202412 --to 202612 --hold Z --days-before 5
 *   --reference firstNotice -o CL.csv` writes an editable roll calendar (pysystemtrade's CSV format).
 */
import type { Command } from "commander";
import {
  ConfigError,
  MONTH_CODES,
  cycleContracts,
  firstNoticeDate,
  formatRollCalendarCsv,
  futuresSpec,
  lastTradeDate,
  rollCalendarFromRule,
  writeRollCalendarCsv,
} from "../lib/data/index.js";

const iso = (t: number | null): string => (t === null ? "" : new Date(t).toISOString().slice(0, 10));

function intOption(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new ConfigError(`--${name} is required`, { field: name });
    return fallback;
  }
  const v = Number(value);
  if (!Number.isInteger(v))
    throw new ConfigError(`--${name} must be an integer, got "${value}"`, { field: name });
  return v;
}

/** Registers `futures spec|expiries|roll-calendar` on the program. */
export function registerFuturesCommand(program: Command): void {
  const futures = program
    .command("futures")
    .description("futures contract specs, expiries and roll calendars");

  futures
    .command("spec")
    .description("print a market's contract specification as JSON")
    .argument("<root>", "exchange root, e.g. NG, CL, ES")
    .action((root: string) => {
      process.stdout.write(JSON.stringify(futuresSpec(root), null, 2) + "\n");
    });

  futures
    .command("expiries")
    .description("print last trade and first notice dates of a market's listed contracts")
    .argument("<root>", "exchange root")
    .option("--from <year>", "first contract year")
    .option("--to <year>", "last contract year (default: --from)")
    .action((root: string, o: { from?: string; to?: string }) => {
      const spec = futuresSpec(root);
      const from = intOption(o.from, "from");
      const to = intOption(o.to, "to", from);
      const lines = ["contract,last_trade,first_notice"];
      for (const id of cycleContracts(spec.listingCycle, from * 100 + 1, to * 100 + 12)) {
        lines.push(`${id},${iso(lastTradeDate(spec, id))},${iso(firstNoticeDate(spec, id))}`);
      }
      process.stdout.write(lines.join("\n") + "\n");
    });

  futures
    .command("roll-calendar")
    .description("generate a roll calendar (N business days before last trade / first notice) as CSV")
    .argument("<root>", "exchange root")
    .option("--from <YYYYMM>", "first held contract")
    .option("--to <YYYYMM>", "last held contract")
    .option("--hold <cycle>", "month codes held (default: the listing cycle)")
    .option("--priced <cycle>", "month codes priced for carry (default: the listing cycle)")
    .option("--carry-offset <k>", "carry contract, steps along the priced cycle", "1")
    .option("--days-before <n>", "business days before the reference date", "5")
    .option("--reference <ref>", "lastTrade, firstNotice or mustExit", "mustExit")
    .option("-o, --output <file>", "write the CSV here (atomically) instead of stdout")
    .action(
      (
        root: string,
        o: {
          from?: string;
          to?: string;
          hold?: string;
          priced?: string;
          carryOffset: string;
          daysBefore: string;
          reference: string;
          output?: string;
        },
      ) => {
        const spec = futuresSpec(root);
        if (!["lastTrade", "firstNotice", "mustExit"].includes(o.reference)) {
          throw new ConfigError(
            `--reference must be lastTrade, firstNotice or mustExit, got "${o.reference}"`,
            {
              field: "reference",
            },
          );
        }
        const calendar = rollCalendarFromRule(
          spec,
          {
            holdCycle: o.hold ?? spec.listingCycle,
            pricedCycle: o.priced ?? (o.hold === undefined ? spec.listingCycle : MONTH_CODES),
            carryOffset: intOption(o.carryOffset, "carry-offset"),
            timing: {
              kind: "businessDaysBefore",
              n: intOption(o.daysBefore, "days-before"),
              reference: o.reference as "lastTrade" | "firstNotice" | "mustExit",
            },
          },
          intOption(o.from, "from"),
          intOption(o.to, "to"),
        );
        if (o.output) {
          writeRollCalendarCsv(o.output, calendar);
          process.stderr.write(`wrote ${calendar.length} rolls to ${o.output}\n`);
        } else {
          process.stdout.write(formatRollCalendarCsv(calendar));
        }
      },
    );
}
