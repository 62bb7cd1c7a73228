/** Wall and CPU time of the data benchmarks (CPU time is what the code costs when the machine is shared). */

/** Best wall time and best CPU time (user + system, this process) over `repeat` runs after one warm-up. */
export function timeWallCpu(fn: () => unknown, repeat = 3): { seconds: number; cpuSeconds: number } {
  fn();
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < repeat; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, dt);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { seconds: wall, cpuSeconds: cpu };
}
