// A node killed with SIGKILL at each moment that matters (the drill of
// test/support/node-kill-drill.ts: a transfer in flight, between its switch and flush, right
// after a resume, actions in flight both ways, just after a session record was written),
// each its own load run of
// --clients players (default 150) for --seconds (default 15) on two surviving nodes and
// four sim-servers. Prints lost / duplicated reliable actions and resume times per moment.
// `--links=server` has the sim-servers dial the nodes' link listeners instead of being dialled.
// Run: npm run bench -- faults-node-kill (or `faults`, with the Redis outage) [-- --clients=150 --seconds=15 --moments=transfer,resume --links=server]
import { MOMENTS, runNodeKillDrill, type Moment } from '../test/support/node-kill-drill';
import { argValue, loadAverage, numberArg, runBench, tally } from './bench-cli';

async function main(): Promise<void> {
  const clients = numberArg('clients', 150);
  const seconds = numberArg('seconds', 15);
  const moments = (argValue('moments')?.split(',') ?? [...MOMENTS]) as Moment[];
  const serversDial = argValue('links') === 'server';
  const load = loadAverage();
  const figures = await runNodeKillDrill({ clients, seconds, moments, serversDial, log: (line) => process.stderr.write(`# ${line}\n`) });
  console.log(`A node SIGKILLed at each moment (its own crash point); ${clients} clients for ${seconds} s per moment, on 3 nodes (victim + 2) and 4 sim-servers${serversDial ? ' that dial the nodes' : ' the nodes dial'}.\n`);
  console.log('| moment | crash point | crashed at | actions sent | lost | duplicated | reordered | players resumed | resume p50 / p99 / max | unexpected closes |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const f of figures) {
    const r = f.report;
    const resume = r.latency.resume;
    console.log(
      `| ${f.moment} | \`${f.crashAt}\` | ${f.crashed ? `${(f.crashedAfterMs / 1000).toFixed(1)} s` : 'did not crash'} | ${r.integrity.actions.sent} | ${r.integrity.lost} | ${r.integrity.duplicated} | ${r.integrity.reordered} | ${resume.count} | ${resume.p50} / ${resume.p99} / ${resume.max} ms | ${r.connections.unexpectedCloses} |`,
    );
  }
  console.log('');
  for (const f of figures) console.log(`- ${f.moment}: close codes ${tally(f.report.errors.byCloseCode)}; in-band ${tally(f.report.errors.inBand)}; failed connections ${tally(f.report.errors.connect)}; transfers ${f.report.transfers.completed} completed, ${f.report.transfers.aborted} aborted.`);
  console.log(`\nLoad average (1/5/15 min) before: ${load}; after: ${loadAverage()}`);
}

runBench(main);
