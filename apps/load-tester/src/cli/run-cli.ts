// The command: parse, validate (exit 2 with a clear message), run with a progress line,
// print the table (or JSON), write the reports, check assertions (exit 1 on a failure).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { fdLimitWarning } from '../metrics/fd-limit';
import { resolveLoadOptions } from '../options/load-options';
import { applyAssertions } from '../report/assertions';
import { renderHtml } from '../report/html';
import { ProgressWriter, progressLine } from '../report/progress';
import { renderTable } from '../report/table';
import { peakClients } from '../scenario/scenario';
import { runResolved } from '../run/run-load';
import { parseArgs } from './args';
import { HELP } from './help';

/** Exit codes of the CLI. */
export const ExitCode = { Ok: 0, AssertionFailed: 1, Usage: 2, RunFailed: 3 } as const;

/** Where the CLI writes (process streams in production, buffers in tests). */
export interface CliIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Aborting ends the run early (Ctrl-C). */
  readonly signal?: AbortSignal;
}

function writeFile(path: string, text: string): E.Either<string, void> {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return E.right(undefined);
  } catch (error) {
    return E.left(`cannot write ${path}: ${(error as Error).message}`);
  }
}

/** Runs the CLI with `argv`; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (E.isLeft(parsed)) {
    io.err.write(`load-tester: ${parsed.left}\n`);
    return ExitCode.Usage;
  }
  const cmd = parsed.right;
  if (cmd.help) {
    io.out.write(HELP);
    return ExitCode.Ok;
  }
  const options = resolveLoadOptions(cmd.input);
  if (E.isLeft(options)) {
    io.err.write(`load-tester: ${options.left.replace(/^([a-z0-9-]+ )/, '--$1')} (see --help)\n`);
    return ExitCode.Usage;
  }
  const o = options.right;
  const progress = new ProgressWriter(io.err);
  const target = peakClients(o.scenario);
  const fd = fdLimitWarning(target);
  if (fd !== undefined) io.err.write(`load-tester: warning: ${fd}\n`);
  if (!cmd.quiet) io.err.write(`load-tester: ${o.mode} mode, ${target} clients, scenario ${o.scenario.name}, ${o.workers} thread(s) -> ${o.urls.join(', ')}\n`);
  let report;
  try {
    report = await runResolved(o, { onProgress: cmd.quiet ? undefined : (p) => progress.show(progressLine(p, target)), signal: io.signal });
  } catch (error) {
    progress.done();
    io.err.write(`load-tester: the run failed: ${(error as Error).message}\n`);
    return ExitCode.RunFailed;
  }
  progress.done();
  applyAssertions(report, cmd.assertions);
  io.out.write(cmd.json ? `${JSON.stringify(report, null, 2)}\n` : renderTable(report));
  for (const [path, text] of [
    [cmd.out, () => `${JSON.stringify(report, null, 2)}\n`],
    [cmd.html, () => renderHtml(report)],
  ] as const) {
    if (path === undefined) continue;
    const w = writeFile(path, text());
    if (E.isLeft(w)) {
      io.err.write(`load-tester: ${w.left}\n`);
      return ExitCode.RunFailed;
    }
    if (!cmd.quiet) io.err.write(`load-tester: wrote ${path}\n`);
  }
  if (report.connections.established === 0) {
    const [reason] = Object.keys(report.errors.connect);
    io.err.write(`load-tester: no connection could be established${reason === undefined ? '' : ` (${reason})`}\n`);
    return ExitCode.RunFailed;
  }
  return report.passed ? ExitCode.Ok : ExitCode.AssertionFailed;
}
