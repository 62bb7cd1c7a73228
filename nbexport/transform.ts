import ts from "typescript";
import { posix as pathPosix } from "node:path";

/** A text edit: replace [start, end) with `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(src: string, edits: Edit[]): string {
  let out = src;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  }
  return out;
}

function parse(code: string): ts.SourceFile {
  return ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function hasExport(node: ts.Node): boolean {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isExportableDeclaration(node: ts.Statement): boolean {
  if (ts.isModuleDeclaration(node)) {
    return !(node.flags & ts.NodeFlags.GlobalAugmentation) && ts.isIdentifier(node.name);
  }
  return (
    (ts.isFunctionDeclaration(node) && !!node.name) ||
    ts.isClassDeclaration(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isEnumDeclaration(node) ||
    ts.isVariableStatement(node)
  );
}

function bindingNames(name: ts.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
}

/** The names a top-level declaration statement declares. */
function declaredNames(node: ts.Statement): string[] {
  const out: string[] = [];
  if (ts.isVariableStatement(node)) {
    for (const d of node.declarationList.declarations) bindingNames(d.name, out);
  } else if (
    (ts.isFunctionDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isEnumDeclaration(node) ||
      ts.isModuleDeclaration(node)) &&
    node.name &&
    ts.isIdentifier(node.name)
  ) {
    out.push(node.name.text);
  }
  return out;
}

/**
 * Adds `export` to every top-level declaration of `code` that lacks it and returns the new code
 * with the (deduplicated, in order) names the cell exports.
 */
export function addExports(code: string): { code: string; names: string[] } {
  const sf = parse(code);
  const edits: Edit[] = [];
  const names: string[] = [];
  for (const st of sf.statements) {
    if (!isExportableDeclaration(st)) continue;
    for (const n of declaredNames(st)) if (!names.includes(n)) names.push(n);
    if (!hasExport(st)) {
      const start = st.getStart(sf);
      edits.push({ start, end: start, text: "export " });
    }
  }
  return { code: applyEdits(code, edits), names };
}

/** Removes the `export` keyword from top-level declarations (the reverse of {@link addExports}). */
export function removeExports(code: string): string {
  const sf = parse(code);
  const edits: Edit[] = [];
  for (const st of sf.statements) {
    if (!isExportableDeclaration(st)) continue;
    const mods = ts.getModifiers(st as ts.HasModifiers);
    const exp = mods?.find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exp) continue;
    let end = exp.getEnd();
    while (end < code.length && (code[end] === " " || code[end] === "\t")) end++;
    edits.push({ start: exp.getStart(sf), end, text: "" });
  }
  return applyEdits(code, edits);
}

/** Names exported by `export` statements or exported declarations already in the code. */
export function exportedNames(code: string): string[] {
  const sf = parse(code);
  const names: string[] = [];
  for (const st of sf.statements) {
    if (isExportableDeclaration(st) && hasExport(st)) names.push(...declaredNames(st));
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) names.push(el.name.text);
    }
  }
  return names;
}

/** A module specifier found in an import/export statement, with its position. */
export interface Specifier {
  text: string;
  start: number;
  end: number;
  line: number;
}

/** Module specifiers of all static imports and re-exports in the code. */
export function moduleSpecifiers(code: string): Specifier[] {
  const sf = parse(code);
  const out: Specifier[] = [];
  for (const st of sf.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(st)) spec = st.moduleSpecifier;
    else if (ts.isExportDeclaration(st)) spec = st.moduleSpecifier;
    else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference)) {
      spec = st.moduleReference.expression;
    }
    if (spec && ts.isStringLiteral(spec)) {
      const start = spec.getStart(sf) + 1;
      out.push({
        text: spec.text,
        start,
        end: spec.getEnd() - 1,
        line: sf.getLineAndCharacterOfPosition(start).line + 1,
      });
    }
  }
  return out;
}

/** Replaces module specifiers by `map(spec)` (returning undefined keeps a specifier). */
export function rewriteSpecifiers(code: string, map: (spec: Specifier) => string | undefined): string {
  const edits: Edit[] = [];
  for (const s of moduleSpecifiers(code)) {
    const next = map(s);
    if (next !== undefined && next !== s.text) edits.push({ start: s.start, end: s.end, text: next });
  }
  return applyEdits(code, edits);
}

/** A relative import path from the folder of `fromFile` to `toFile` (posix, starting with `.`). */
export function relativeSpecifier(fromFile: string, toFile: string): string {
  const rel = pathPosix.relative(pathPosix.dirname(fromFile), toFile);
  return rel.startsWith(".") ? rel : "./" + rel;
}

/** The names declared by `const`/`let`/`var` statements at the top of a cell, with their initialisers. */
export interface DeclaredVariable {
  name: string;
  /** `const`, `let` or `var`. */
  keyword: "const" | "let" | "var";
  /** The initialiser's source text, if any. */
  initializer?: string;
  /** The kind of literal the initialiser is: used to type-check injected values. */
  kind: "number" | "string" | "boolean" | "null" | "array" | "date" | "object" | "other";
}

/** Lists the variables a (parameters) cell declares at top level. */
export function declaredVariables(code: string): DeclaredVariable[] {
  const sf = parse(code);
  const out: DeclaredVariable[] = [];
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const flags = st.declarationList.flags;
    const keyword = flags & ts.NodeFlags.Const ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name)) continue;
      const init = d.initializer;
      const v: DeclaredVariable = { name: d.name.text, keyword, kind: literalKind(init) };
      if (init) v.initializer = init.getText(sf);
      out.push(v);
    }
  }
  return out;
}

function literalKind(e: ts.Expression | undefined): DeclaredVariable["kind"] {
  if (!e) return "other";
  while (ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e)) {
    e = e.expression;
  }
  if (ts.isNumericLiteral(e)) return "number";
  if (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand)) return "number";
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return "string";
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return "boolean";
  if (e.kind === ts.SyntaxKind.NullKeyword) return "null";
  if (ts.isArrayLiteralExpression(e)) return "array";
  if (ts.isObjectLiteralExpression(e)) return "object";
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "Date") {
    return "date";
  }
  return "other";
}
