// The command line and the last lines every node benchmark shares: `--name=value`
// arguments, the machine's load average (figures from a busy machine are not comparable),
// and the exit code the benchmark runner reads.
import { loadavg } from 'node:os';

/** The value of `--name=value` on the command line, if given. */
export const argValue = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

/** The number given as `--name=value`, or `fallback`. */
export const numberArg = (name: string, fallback: number): number => Number(argValue(name) ?? fallback);

/** The 1, 5 and 15 minute load averages, as `a / b / c`. */
export const loadAverage = (): string => loadavg().map((l) => l.toFixed(2)).join(' / ');

/** `key: count` pairs of a tally, or `none`. */
export const tally = (counts: Record<string, number>): string => Object.entries(counts).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';

/** Runs a benchmark's `main` and exits: 0 when it resolves, 1 (the error on stderr) when it throws. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
