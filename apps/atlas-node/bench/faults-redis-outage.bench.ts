// Redis outage under load (the drill of test/support/outage-drill.ts): Redis frozen for
// --freeze seconds (default 30), then killed and restarted empty, while the load tester
// drives --clients players (default 150) over three nodes and four sim-servers.
// Run: npm run bench -- faults [-- --freeze=30 --clients=150]
import { quantile, runOutageDrill } from '../test/support/outage-drill';
import { loadAverage, numberArg, runBench, tally } from './bench-cli';

async function main(): Promise<void> {
  const freezeSeconds = numberArg('freeze', 30);
  const clients = numberArg('clients', 150);
  const f = await runOutageDrill({ freezeSeconds, clients, log: (line) => process.stderr.write(`# ${line}\n`) });
  const r = f.report;
  console.log(`Redis SIGSTOP ${freezeSeconds} s, then SIGKILL and an empty restart; ${clients} clients on 3 nodes, 4 sim-servers.\n`);
  console.log('| fault | lost | duplicated | errors (close codes / in-band) | reconnects | recovery | server ids kept |');
  console.log('|---|---:|---:|---|---:|---:|---|');
  console.log(
    `| redis frozen ${freezeSeconds} s + restarted empty | ${r.integrity.lost} | ${r.integrity.duplicated} | ${tally(r.errors.byCloseCode)} / ${tally(r.errors.inBand)} | ${r.connections.reconnects} | ${f.recoveryMs} ms | ${f.serversAfter.join() === f.serversBefore.join() ? 'yes' : 'no'} |`,
  );
  console.log(`\nActions sent ${r.integrity.actions.sent}, echoed ${r.integrity.actions.echoed}; players established ${r.connections.established}.`);
  console.log(`New connections during the outage: ${f.handshakesMs.map((ms) => `${ms} ms`).join(', ')} open-to-Welcome; /servers marked stale on every node: ${f.staleSeen ? 'yes' : 'no'}.\n`);
  console.log('| endpoint (3 nodes) | outage p50 / p95 / max | the 2 s before: p50 / p95 / max | statuses during the outage |');
  console.log('|---|---:|---:|---|');
  const spread = (seen: Parameters<typeof quantile>[0]): string => [0.5, 0.95, 1].map((q) => `${quantile(seen, q)}`).join(' / ') + ' ms';
  for (const [endpoint, seen] of Object.entries(f.http)) {
    console.log(`| ${endpoint} | ${spread(seen)} | ${spread(f.httpBefore[endpoint])} | ${seen.statuses.join(', ')} |`);
  }
  console.log(`\nLoad average (1/5/15 min): ${loadAverage()}`);
}

runBench(main);
