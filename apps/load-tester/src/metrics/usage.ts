// The tester's own resource use: process CPU (all threads) and memory, and the whole
// machine's CPU, sampled once a second. A generator that runs out of CPU makes any
// server look slow, so the report says when that happened.
import { cpus } from 'node:os';

/** One sample, over the time since the previous one. */
export interface UsageSample {
  /** Cores the tester process used (1.0 = one core busy). */
  readonly cpuCores: number;
  /** Busy share of the whole machine, 0..1 (tester, server and everything else). */
  readonly machineCpu: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times;
    const all = t.user + t.nice + t.sys + t.idle + t.irq;
    total += all;
    busy += all - t.idle;
  }
  return { busy, total };
}

/** Samples process and machine CPU between calls. */
export class UsageMeter {
  private cpu = process.cpuUsage();
  private at = process.hrtime.bigint();
  private machine = machineTimes();

  /** Usage since the previous call (or construction). */
  sample(): UsageSample {
    const now = process.hrtime.bigint();
    const wallUs = Number(now - this.at) / 1000;
    const cpu = process.cpuUsage(this.cpu);
    const machine = machineTimes();
    const busy = machine.busy - this.machine.busy;
    const total = machine.total - this.machine.total;
    this.cpu = process.cpuUsage();
    this.at = now;
    this.machine = machine;
    const mem = process.memoryUsage();
    return {
      cpuCores: wallUs > 0 ? (cpu.user + cpu.system) / wallUs : 0,
      machineCpu: total > 0 ? busy / total : 0,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
    };
  }
}
