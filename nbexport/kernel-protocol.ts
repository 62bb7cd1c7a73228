import type { Output } from "./notebook.js";

/** Parent → kernel: run one cell's code. */
export interface ExecuteRequest {
  type: "execute";
  id: number;
  code: string;
}

/** Kernel → parent: the cell finished (successfully or not). */
export interface ExecuteReply {
  type: "reply";
  id: number;
  ok: boolean;
  outputs: Output[];
  /** Error name when `ok` is false (`TypeScriptError` for a compile/type error). */
  ename?: string;
  evalue?: string;
}

/** Kernel → parent: ready to execute (sent once after start-up). */
export interface ReadyMessage {
  type: "ready";
  tslab: string;
  typescript: string;
}

export type KernelMessage = ExecuteReply | ReadyMessage;
