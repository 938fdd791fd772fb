// The live progress line, once a second: rewritten in place on a terminal, one plain
// line per second when the output is piped (CI logs stay readable).
import { count, ms } from './format';
import type { TimelinePoint } from './report';

/** The progress line for one second. */
export function progressLine(p: TimelinePoint, target: number): string {
  const echo = p.echo.count > 0 ? `echo p50 ${ms(p.echo.p50)} p99 ${ms(p.echo.p99)} ms` : 'echo -';
  const rtt = p.rtt.count > 0 ? `rtt p50 ${ms(p.rtt.p50)} ms` : 'rtt -';
  return [
    `[${String(Math.round(p.t)).padStart(4)}s] ${p.phase}`,
    `clients ${count(p.connected)}/${count(target)}`,
    `sent ${count(p.sentPerS)}/s`,
    `recv ${count(p.receivedPerS)}/s`,
    echo,
    rtt,
    `transfers ${count(p.transfers)}`,
    `errors ${count(p.errors)}`,
    `cpu ${Math.round(p.cpuCores * 100)}%`,
  ].join('  ');
}

/** Writes progress lines to a stream, in place when it is a terminal. */
export class ProgressWriter {
  private wrote = false;

  constructor(private readonly out: { write(text: string): unknown; isTTY?: boolean; columns?: number }) {}

  /** Shows `line`. */
  show(line: string): void {
    if (this.out.isTTY === true) {
      const width = this.out.columns ?? 200;
      this.out.write(`\r\x1b[2K${line.length > width - 1 ? line.slice(0, width - 1) : line}`);
      this.wrote = true;
    } else this.out.write(`${line}\n`);
  }

  /** Ends the in-place line so what follows starts on its own line. */
  done(): void {
    if (this.wrote) this.out.write('\n');
    this.wrote = false;
  }
}
