import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ExecuteReply, KernelMessage, ReadyMessage } from "./kernel-protocol.js";

/** Finds the compiled kernel host next to this module (or in `dist/` when run from source). */
function hostPath(): string {
  const here = fileURLToPath(new URL("./kernel-host.js", import.meta.url));
  if (existsSync(here)) return here;
  const built = here.replace(/([\\/])nbexport([\\/])kernel-host\.js$/, "$1dist$1nbexport$2kernel-host.js");
  if (existsSync(built)) return built;
  throw new Error(`cannot find the kernel host (looked for ${here} and ${built}); run the build first`);
}

/** Result of executing one cell, or a timeout. */
export type CellResult = ExecuteReply | { type: "timeout"; ok: false; outputs: []; id: number };

/**
 * A notebook kernel: tslab's executor in a child process whose working directory is `cwd`
 * (relative imports and file paths in cells resolve against it, as in Jupyter).
 */
export class Kernel {
  private readonly child: ChildProcess;
  private readonly ready: Promise<ReadyMessage>;
  private nextId = 1;
  private pending = new Map<number, (r: ExecuteReply) => void>();
  private stray = "";
  private exited = false;

  constructor(cwd: string) {
    this.child = fork(hostPath(), [], {
      cwd,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      execArgv: ["--enable-source-maps"],
    });
    this.child.stdout?.on("data", (d: Buffer) => (this.stray += d.toString()));
    this.child.stderr?.on("data", (d: Buffer) => (this.stray += d.toString()));
    this.ready = new Promise((resolve, reject) => {
      this.child.on("message", (m: KernelMessage) => {
        if (m.type === "ready") resolve(m);
        else this.pending.get(m.id)?.(m);
      });
      this.child.on("exit", (code) => {
        this.exited = true;
        reject(new Error(`kernel exited (code ${code}) before it was ready:\n${this.stray}`));
        for (const [id, done] of this.pending) {
          done({
            type: "reply",
            id,
            ok: false,
            outputs: [],
            ename: "KernelDied",
            evalue: `the kernel process exited (code ${code})${this.stray ? ":\n" + this.stray : ""}`,
          });
        }
        this.pending.clear();
      });
    });
    this.ready.catch(() => undefined);
  }

  /** tslab and TypeScript versions, once the kernel is up. */
  info(): Promise<ReadyMessage> {
    return this.ready;
  }

  /** Executes code; resolves with the reply, or a timeout result after `timeoutMs` (kernel killed). */
  async execute(code: string, timeoutMs = 0): Promise<CellResult> {
    await this.ready;
    const id = this.nextId++;
    return new Promise<CellResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.pending.set(id, (r) => {
        if (timer) clearTimeout(timer);
        this.pending.delete(id);
        resolve(r);
      });
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          this.pending.delete(id);
          this.child.kill("SIGKILL");
          resolve({ type: "timeout", ok: false, outputs: [], id });
        }, timeoutMs);
      }
      if (this.exited) {
        this.pending.get(id)?.({
          type: "reply",
          id,
          ok: false,
          outputs: [],
          ename: "KernelDied",
          evalue: "the kernel process is not running",
        });
        return;
      }
      this.child.send({ type: "execute", id, code });
    });
  }

  /** Stops the kernel process. */
  close(): void {
    if (!this.exited) {
      this.child.kill("SIGKILL");
    }
  }
}
