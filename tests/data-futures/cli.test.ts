import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/project.js";

/** Runs the built CLI (`npm test` builds first). */
function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/quantbook.js"), "futures", ...args], {
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("quantbook futures", () => {
  it("expiries prints last trade and first notice per listed contract", () => {
    const r = run("expiries", "CL", "--from", "2025");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("contract,last_trade,first_notice");
    expect(lines.length).toBe(13);
    // CLF25: 3 business days before Dec 25 2024 (a holiday → 4): Dec 24, 23, 20, 19.
    expect(lines[1]).toBe("202501,2024-12-19,2024-12-20");
  });

  it("roll-calendar writes an editable CSV", () => {
    const file = join(mkdtempSync(join(tmpdir(), "qb-cli-")), "CL.csv");
    const r = run(
      "roll-calendar",
      "CL",
      "--from",
      "202412",
      "--to",
      "202512",
      "--hold",
      "Z",
      "--reference",
      "firstNotice",
      "--carry-offset",
      "-1",
      "-o",
      file,
    );
    expect(r.status).toBe(0);
    // CLZ24 first notice Thu 2024-11-21 → 5 business days before: 20, 19, 18, 15, 14.
    expect(readFileSync(file, "utf8").split("\n").slice(0, 2)).toEqual([
      "DATE_TIME,current_contract,next_contract,carry_contract",
      "2024-11-14 23:00:00,20241200,20251200,20241100",
    ]);
  });

  it("spec prints JSON; bad options are errors", () => {
    expect(JSON.parse(run("spec", "NG").stdout).multiplier).toBe(10000);
    const missing = run("expiries", "NG");
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/--from is required/);
    const bad = run("roll-calendar", "NG", "--from", "202501", "--to", "202502", "--reference", "soon");
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--reference must be/);
  });
});
