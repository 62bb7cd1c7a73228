import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { ParameterError } from "./errors.js";
import { cellSource, cellTags, codeCell, type Cell, type Notebook } from "./notebook.js";
import { declaredVariables, type DeclaredVariable } from "./transform.js";

/** A parameter value as given on the command line or in a params file. */
export type ParamValue = number | string | boolean | null | ParamValue[] | { [k: string]: ParamValue };

/** Tag of the cell holding parameter defaults (papermill's convention). */
export const PARAMETERS_TAG = "parameters";
/** Tag of the cell a run inserts with the overriding values. */
export const INJECTED_TAG = "injected-parameters";

/** The parameters cell of a notebook: its index and declared variables. */
export interface ParametersCell {
  /** 0-based index of the cell tagged `parameters`. */
  index: number;
  variables: DeclaredVariable[];
}

/** Finds the cell tagged `parameters` (undefined when the notebook has none). */
export function findParametersCell(nb: Notebook): ParametersCell | undefined {
  const index = nb.cells.findIndex((c) => c.cell_type === "code" && cellTags(c).includes(PARAMETERS_TAG));
  if (index < 0) return undefined;
  const cell = nb.cells[index] as Cell;
  return { index, variables: declaredVariables(cellSource(cell)) };
}

/** Splits a `-p name=value` argument. */
export function splitAssignment(arg: string): [string, string] {
  const eq = arg.indexOf("=");
  if (eq <= 0) {
    throw new ParameterError(`parameter "${arg}" must look like name=value`);
  }
  return [arg.slice(0, eq).trim(), arg.slice(eq + 1)];
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Reads a `.json`, `.yaml` or `.yml` file of parameter values (an object of name → value). */
export function readParamsFile(path: string): Record<string, ParamValue> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ParameterError(`cannot read parameters file (${(err as Error).message})`, { file: path });
  }
  let value: unknown;
  try {
    value = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ParameterError(
      `not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${(err as Error).message}`,
      {
        file: path,
      },
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ParameterError("expected an object of name: value pairs", { file: path });
  }
  return value as Record<string, ParamValue>;
}

/**
 * Turns a command-line string into a value of the kind the parameter's default has
 * (number, string, boolean, null, array or ISO date), or throws a {@link ParameterError}.
 */
export function coerceCliValue(name: string, raw: string, kind: DeclaredVariable["kind"]): ParamValue {
  const bad = (what: string): never => {
    throw new ParameterError(`-p ${name}=${raw}: ${what}`);
  };
  switch (kind) {
    case "number":
      if (!NUMBER_RE.test(raw.trim())) bad("expected a number, as the default is a number");
      return Number(raw);
    case "string":
      return raw;
    case "date":
      if (!ISO_DATE_RE.test(raw.trim()) || Number.isNaN(Date.parse(raw))) {
        bad("expected an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
      }
      return raw.trim();
    case "boolean":
      if (raw !== "true" && raw !== "false") bad("expected true or false");
      return raw === "true";
    default: {
      let v: unknown;
      try {
        v = parseYaml(raw);
      } catch (err) {
        return bad(`not a valid literal (${(err as Error).message.split("\n")[0]})`);
      }
      if (kind === "array" && !Array.isArray(v)) bad("expected an array such as [1, 2, 3]");
      return v as ParamValue;
    }
  }
}

/** Renders a value as a TypeScript literal; dates become `new Date("...")`. */
export function toLiteral(name: string, value: ParamValue, kind: DeclaredVariable["kind"]): string {
  if (kind === "date") {
    if (typeof value !== "string" || !ISO_DATE_RE.test(value) || Number.isNaN(Date.parse(value))) {
      throw new ParameterError(`${name}: expected an ISO date string, got ${JSON.stringify(value)}`);
    }
    return `new Date(${JSON.stringify(value)})`;
  }
  const expect = (ok: boolean, what: string): void => {
    if (!ok) throw new ParameterError(`${name}: expected ${what}, got ${JSON.stringify(value)}`);
  };
  if (kind === "number") expect(typeof value === "number", "a number");
  if (kind === "string") expect(typeof value === "string", "a string");
  if (kind === "boolean") expect(typeof value === "boolean", "true or false");
  if (kind === "array") expect(Array.isArray(value), "an array");
  return literal(name, value);
}

function literal(name: string, v: ParamValue): string {
  if (v === null) return "null";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new ParameterError(`${name}: ${v} is not a finite number`);
    return Object.is(v, -0) ? "-0" : String(v);
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return "[" + v.map((x) => literal(name, x)).join(", ") + "]";
  if (typeof v === "object") {
    return (
      "{ " +
      Object.entries(v)
        .map(([k, x]) => `${JSON.stringify(k)}: ${literal(name, x)}`)
        .join(", ") +
      " }"
    );
  }
  throw new ParameterError(`${name}: unsupported value ${JSON.stringify(v)}`);
}

/** What {@link injectParameters} did. */
export interface Injection {
  /** The values used, by name. */
  parameters: Record<string, ParamValue>;
  /** 0-based index of the injected cell, or -1 when nothing was injected. */
  index: number;
}

/**
 * Inserts an `injected-parameters` cell after the cell tagged `parameters` holding `values` as
 * TypeScript declarations. Removes an injected cell left by an earlier run. Unknown names are an
 * error that lists the valid ones. `cliStrings` are raw `-p` strings coerced by the default's kind.
 */
export function injectParameters(
  nb: Notebook,
  file: string,
  values: Record<string, ParamValue>,
  cliStrings: Record<string, string> = {},
): Injection {
  nb.cells = nb.cells.filter((c) => !cellTags(c).includes(INJECTED_TAG));
  const names = [...Object.keys(values), ...Object.keys(cliStrings)];
  const pc = findParametersCell(nb);
  if (!names.length) return { parameters: {}, index: -1 };
  if (!pc) {
    throw new ParameterError(
      `has no cell tagged "${PARAMETERS_TAG}", so it takes no parameters (got ${names.join(", ")})`,
      { file },
    );
  }
  const byName = new Map(pc.variables.map((v) => [v.name, v]));
  const valid = pc.variables.map((v) => v.name).join(", ") || "(none)";
  for (const n of names) {
    if (!byName.has(n)) {
      throw new ParameterError(`unknown parameter "${n}"; the parameters cell defines: ${valid}`, {
        file,
        cell: pc.index + 1,
      });
    }
  }
  const used: Record<string, ParamValue> = {};
  const lines = ["// Parameters injected by this run; the defaults are in the cell above."];
  for (const v of pc.variables) {
    let value: ParamValue | undefined;
    if (v.name in cliStrings) value = coerceCliValue(v.name, cliStrings[v.name] as string, v.kind);
    else if (v.name in values) value = values[v.name] as ParamValue;
    if (value === undefined) continue;
    used[v.name] = value;
    lines.push(`${v.keyword} ${v.name} = ${toLiteral(v.name, value, v.kind)};`);
  }
  const cell = codeCell(lines.join("\n"), [INJECTED_TAG], `injected-parameters`);
  nb.cells.splice(pc.index + 1, 0, cell);
  return { parameters: used, index: pc.index + 1 };
}
