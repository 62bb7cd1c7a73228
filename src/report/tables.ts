import writeExcelFile from "write-excel-file/node";
import { writeFileAtomic } from "../../nbexport/fsutil.js";
import { ValidationError } from "../lib/data/types.js";

/** A cell value in an exported table; `null`, `NaN` and `undefined` are written as empty cells. */
export type TableValue = number | string | boolean | Date | null | undefined;

/** A column of an exported table. */
export interface TableColumn {
  name: string;
  values: ArrayLike<TableValue>;
  /** Excel number format for this column, e.g. `"0.00%"` or `"yyyy-mm-dd"`. */
  format?: string;
}

/** A table for CSV/Excel export: named columns of equal length. */
export interface Table {
  /** Sheet name in Excel exports (max 31 characters). */
  name: string;
  columns: TableColumn[];
}

function rowCount(t: Table): number {
  const n = t.columns[0]?.values.length ?? 0;
  for (const c of t.columns) {
    if (c.values.length !== n) {
      throw new ValidationError(`column has ${c.values.length} values but "${t.columns[0]?.name}" has ${n}`, {
        field: c.name,
      });
    }
  }
  return n;
}

function isEmpty(v: TableValue): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

function csvField(v: TableValue): string {
  if (isEmpty(v)) return "";
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Renders a table as CSV (RFC 4180: comma-separated, `"`-quoted when needed, CRLF-free `\n` lines).
 * Numbers are written with full precision (`String(x)`, round-trips exactly); empty/NaN cells are empty.
 */
export function tableToCsv(table: Table): string {
  const n = rowCount(table);
  const lines = [table.columns.map((c) => csvField(c.name)).join(",")];
  for (let i = 0; i < n; i++) lines.push(table.columns.map((c) => csvField(c.values[i])).join(","));
  return lines.join("\n") + "\n";
}

/** Writes a table as a CSV file, atomically. */
export function writeTableCsv(path: string, table: Table): void {
  writeFileAtomic(path, tableToCsv(table));
}

/** Builds an `.xlsx` workbook in memory, one sheet per table (header row bold and frozen). */
export async function tablesToXlsx(tables: Table[]): Promise<Buffer> {
  if (!tables.length) throw new ValidationError("at least one table is needed for an Excel workbook");
  const sheets = tables.map((t) => {
    const n = rowCount(t);
    const header = t.columns.map((c) => ({ value: c.name, fontWeight: "bold" as const }));
    const rows: unknown[][] = [header];
    for (let i = 0; i < n; i++) {
      rows.push(
        t.columns.map((c) => {
          const v = c.values[i];
          if (isEmpty(v)) return null;
          if (typeof v === "number")
            return c.format ? { value: v, type: Number, format: c.format } : { value: v, type: Number };
          if (typeof v === "boolean") return { value: v, type: Boolean };
          if (v instanceof Date) return { value: v, type: Date, format: c.format ?? "yyyy-mm-dd" };
          return { value: String(v), type: String };
        }),
      );
    }
    return {
      data: rows,
      sheet: t.name.slice(0, 31),
      stickyRowsCount: 1,
      columns: t.columns.map((c) => ({ width: Math.max(10, Math.min(40, c.name.length + 2)) })),
    };
  });
  // The library's typings describe each sheet loosely; the structure above follows its README.
  const write = writeExcelFile as unknown as (s: unknown) => { toBuffer(): Promise<Buffer> };
  return write(sheets).toBuffer();
}

/** Writes tables to an `.xlsx` file (one sheet each), atomically. */
export async function writeTablesXlsx(path: string, tables: Table[]): Promise<void> {
  writeFileAtomic(path, await tablesToXlsx(tables));
}
