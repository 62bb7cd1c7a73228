/**
 * The in-process notebook kernel: a child process that wraps tslab's converter and executor
 * (the same TypeScript compilation and execution the Jupyter kernel uses) and talks to the
 * parent over IPC. One process per notebook run, so a runaway cell can be killed on timeout.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { format, inspect } from "node:util";
import type { Output } from "./notebook.js";
import type { ExecuteRequest, ExecuteReply, ReadyMessage } from "./kernel-protocol.js";

interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  close(): void;
}
interface TslabConverter {
  close(): void;
}
interface DisplayMessage {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

const cwd = process.cwd();
// Resolve tslab from the notebook's folder first (so `import "tslab"` in a cell shares the
// same module instance and display hook), falling back to the copy next to nbexport.
const localRequire = createRequire(join(cwd, "__nbexport__.js"));
const ownRequire = createRequire(import.meta.url);
function loadTslab(sub: string): unknown {
  try {
    return localRequire(`tslab/dist/${sub}`);
  } catch {
    return ownRequire(`tslab/dist/${sub}`);
  }
}
const converterMod = loadTslab("converter") as { createConverter(o?: object): TslabConverter };
const executorMod = loadTslab("executor") as {
  createExecutor(root: string, convs: object, console: object): TslabExecutor;
};
const jupyterMod = loadTslab("jupyter") as {
  lastWriteDisplayData: ((m: DisplayMessage, update: boolean) => void) | null;
};
const publicMod = loadTslab("public") as { versions: { tslab: string; typescript: string } };

let outputs: Output[] = [];
let errorName: string | undefined;
let errorValue: string | undefined;

function pushStream(name: "stdout" | "stderr", text: string): void {
  const last = outputs[outputs.length - 1];
  if (last && last.output_type === "stream" && last.name === name) {
    last.text = (typeof last.text === "string" ? last.text : last.text.join("")) + text;
  } else {
    outputs.push({ output_type: "stream", name, text });
  }
}

const origStdout = process.stdout.write.bind(process.stdout);
const origStderr = process.stderr.write.bind(process.stderr);
process.stdout.write = ((chunk: string | Uint8Array): boolean => {
  pushStream("stdout", typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
  return true;
}) as typeof process.stdout.write;
process.stderr.write = ((chunk: string | Uint8Array): boolean => {
  pushStream("stderr", typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
  return true;
}) as typeof process.stderr.write;
void origStdout;
void origStderr;

jupyterMod.lastWriteDisplayData = (msg: DisplayMessage): void => {
  outputs.push({ output_type: "display_data", data: msg.data, metadata: msg.metadata ?? {} });
};

/** The console tslab's executor reports to: errors and the value of a cell's last expression. */
const kernelConsole = {
  log(value?: unknown): void {
    outputs.push({
      output_type: "execute_result",
      data: { "text/plain": typeof value === "string" ? value : inspect(value, { depth: 4 }) },
      metadata: {},
      execution_count: null,
    });
  },
  error(message?: unknown, ...rest: unknown[]): void {
    if (message instanceof Error) {
      errorName = message.name;
      errorValue = message.message;
      outputs.push({
        output_type: "error",
        ename: message.name,
        evalue: message.message,
        traceback: (message.stack ?? String(message)).split("\n"),
      });
      return;
    }
    const text = format(message, ...rest);
    errorName = errorName ?? "TypeScriptError";
    errorValue = errorValue ? `${errorValue}\n${text}` : text;
    const last = outputs[outputs.length - 1];
    if (last && last.output_type === "error" && last.ename === "TypeScriptError") {
      last.evalue += "\n" + text;
      last.traceback.push(text);
    } else {
      outputs.push({ output_type: "error", ename: "TypeScriptError", evalue: text, traceback: [text] });
    }
  },
};

const nodeConverter = converterMod.createConverter();
const executor = executorMod.createExecutor(
  cwd,
  {
    node: nodeConverter,
    browser: nodeConverter,
    close: () => nodeConverter.close(),
  },
  kernelConsole,
);

process.on("uncaughtException", (err) => kernelConsole.error(err));
process.on("unhandledRejection", (err) =>
  kernelConsole.error(err instanceof Error ? err : new Error(String(err))),
);

process.on("message", (raw: unknown) => {
  const msg = raw as ExecuteRequest;
  if (msg.type !== "execute") return;
  outputs = [];
  errorName = undefined;
  errorValue = undefined;
  void executor
    .execute(msg.code)
    .catch((err: unknown) => {
      kernelConsole.error(err instanceof Error ? err : new Error(String(err)));
      return false;
    })
    .then((ok) => {
      const reply: ExecuteReply = { type: "reply", id: msg.id, ok: ok && !errorName, outputs };
      if (errorName) reply.ename = errorName;
      if (errorValue) reply.evalue = errorValue;
      process.send?.(reply);
    });
});

process.on("disconnect", () => {
  executor.close();
  process.exit(0);
});

const ready: ReadyMessage = {
  type: "ready",
  tslab: publicMod.versions.tslab,
  typescript: publicMod.versions.typescript,
};
process.send?.(ready);
