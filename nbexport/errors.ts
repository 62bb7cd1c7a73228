/**
 * Typed errors raised by nbexport. Each names where the problem is: the notebook file, the cell
 * (1-based, counting every cell top to bottom as Jupyter shows them) and, when known, the line.
 */
export interface ErrorLocation {
  /** Notebook or file path the problem is in. */
  file?: string;
  /** 1-based cell number within the notebook. */
  cell?: number;
  /** 1-based line within the cell (or file). */
  line?: number;
}

/** Base class of every nbexport error. */
export class NbexportError extends Error {
  readonly location: ErrorLocation;
  constructor(message: string, location: ErrorLocation = {}) {
    super(formatLocation(location) + message);
    this.name = new.target.name;
    this.location = location;
  }
}

/** The notebook file is not valid `.ipynb` JSON (nbformat 4). */
export class NotebookFormatError extends NbexportError {}
/** A `//|` directive is unknown or misused. */
export class DirectiveError extends NbexportError {}
/** The export plan is invalid (bad target, clashing names, stray edits). */
export class ExportError extends NbexportError {}
/** `src/lib/` and the notebooks disagree. */
export class CheckError extends NbexportError {}
/** A run parameter is unknown or its value is not a valid literal. */
export class ParameterError extends NbexportError {}
/** A notebook cell failed while executing (error, type error or timeout). */
export class CellExecutionError extends NbexportError {
  constructor(
    message: string,
    location: ErrorLocation,
    /** The error name reported by the cell (e.g. `TypeError`, `TypeScriptError`). */
    readonly ename: string,
  ) {
    super(message, location);
  }
}

function formatLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.cell !== undefined) parts.push(`cell ${loc.cell}`);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  return parts.length ? parts.join(", ") + ": " : "";
}
