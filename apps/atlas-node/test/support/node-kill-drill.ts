// The node-kill drill, shared by the e2e test and `npm run bench -- faults`: a private
// redis-server, two nodes that stay up, four sim-servers (a 2x2 world, registered with
// both), and for each moment a victim node started with `ATLAS_CRASH_AT` (src/crash-point.ts)
// so that it kills itself with SIGKILL exactly at that moment, under the load tester's
// players. Its players resume on the other nodes with their tickets; the load tester's
// integrity section says whether any reliable action was lost or echoed twice.
//
// The moments, each its own short load run on the same cluster:
//   transfer  the victim dies when a source's TransferState arrives (mid-transfer)
//   switch    the victim dies when a transfer's new route is in the directory, the target
//             told it won and the held messages not yet flushed to it
//   resume    a first node is killed; its players resume on the victim, which dies right
//             after the last of them is routed again (its Resume handled)
//   ticket    the same, but the victim dies halfway through those resumes, after one has
//             redeemed its ticket and claimed the session and before its Welcome left
//   in-flight the victim dies just after writing a frame of forwarded actions to a game
//             server (actions on their way there, echoes on their way back)
//   record    the victim dies just after writing session records to the directory (the
//             write a player's new server triggers at once)
// Players dial the endpoints like clients behind a load balancer: node i % n first, the
// next one whenever a node cannot be reached.
import { freePort, startRedisServer, type PrivateRedis } from '@atlas/cluster/testing';
import { bundleDrillApps, drillNodeArgs, loadReport, loadTargets, startedPort, startLoad, stopChildren, type DrillTimings } from './drill-cluster';
import { eventually } from './eventually';
import { spawnNode, type Child } from './processes';
import { sleep } from '@atlas/common/testing';

/** The moments a node is killed at. */
export const MOMENTS = ['transfer', 'switch', 'resume', 'ticket', 'in-flight', 'record'] as const;
/** One of {@link MOMENTS}. */
export type Moment = (typeof MOMENTS)[number];

/** A latency summary of the load tester's report (ms). */
export interface LoadSummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** The parts of the load tester's report the drill reads. */
export interface KillReport {
  readonly connections: { readonly established: number; readonly failed: number; readonly reconnects: number; readonly unexpectedCloses: number };
  readonly latency: { readonly resume: LoadSummary; readonly echo: LoadSummary };
  readonly transfers: { readonly completed: number; readonly aborted: number };
  readonly integrity: { readonly lost: number; readonly duplicated: number; readonly reordered: number; readonly actions: { readonly sent: number; readonly echoed: number; readonly lost: number; readonly duplicated: number } };
  readonly errors: { readonly byCloseCode: Record<string, number>; readonly inBand: Record<string, number>; readonly connect: Record<string, number> };
}

/** What one moment's run measured. */
export interface MomentFigures {
  readonly moment: Moment;
  /** The `ATLAS_CRASH_AT` value the victim ran with. */
  readonly crashAt: string;
  /** The victim printed its crash-point line and died of SIGKILL. */
  readonly crashed: boolean;
  /** Milliseconds from the load's start to the crash (NaN: it did not crash). */
  readonly crashedAfterMs: number;
  readonly report: KillReport;
}

/** Drill settings. */
export interface KillDrillOptions {
  readonly clients: number;
  /** Seconds of load per moment (the crash comes 2-8 s in). */
  readonly seconds: number;
  readonly moments?: readonly Moment[];
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
  /** The sim-servers dial the nodes' link listeners (default: the nodes dial the sim-servers). */
  readonly serversDial?: boolean;
}


/**
 * The victim's crash point per moment. The counts put the crash a few seconds into the load
 * (after the ramp), whatever the player count: transfers and resumes are counted one by
 * one, link frames by the thousand.
 */
function crashAt(moment: Moment, clients: number): string {
  switch (moment) {
    case 'transfer':
      // Past the 1 s ramp: a node that dies during a first handshake fails that connect (no ticket yet).
      return `transfer-state:${Math.max(4, Math.round(clients / 15))}`;
    case 'switch':
      return `route-written:${Math.max(4, Math.round(clients / 15))}`;
    case 'resume':
      // The first node's players (every third) all resume on the victim: it dies after the last.
      return `resumed:${Math.ceil(clients / 3)}`;
    case 'ticket':
      // Halfway through those resumes, between a claim and its Welcome: the client still
      // holds the ticket the victim redeemed, and must be able to use it again elsewhere.
      return `resume-claimed:${Math.ceil(clients / 6)}`;
    case 'in-flight':
      return `in-flight:${Math.max(400, clients * 12)}`;
    case 'record':
      return `session-written:${Math.max(20, Math.round(clients / 3))}`;
  }
}

/** Failure detection fast enough for sub-second resumes: a killed node's sessions can be resumed once it is declared dead, heartbeat_timeout after its last heartbeat. */
const TIMINGS: DrillTimings = { healthCheckInterval: 0.1, heartbeatTimeout: 0.6, discoveryInterval: 1, serverHeartbeatInterval: 0.2 };

async function linkedAll(port: number, servers: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/servers`, { signal: AbortSignal.timeout(2000) });
    const doc = (await res.json()) as { servers: Array<{ status: string; link: string | null }> };
    return doc.servers.filter((s) => s.status === 'active' && s.link === 'up').length === servers;
  } catch {
    return false;
  }
}

/** Runs the drill, one moment after another on one cluster; everything it started is stopped before it returns or throws. */
export async function runNodeKillDrill(o: KillDrillOptions): Promise<MomentFigures[]> {
  const log = o.log ?? (() => undefined);
  const { nodeMain, simMain, loadMain } = await bundleDrillApps();
  const redis: PrivateRedis = await startRedisServer();
  const children: Child[] = [];
  const startNode = async (nodeId: string, env: Record<string, string> = {}): Promise<{ child: Child; port: number }> => {
    const links = o.serversDial === true ? ['--set', 'server.link_address=127.0.0.1', '--set', `server.link_port=${await freePort()}`] : [];
    const child = spawnNode(nodeMain, [...drillNodeArgs(redis.url, nodeId, TIMINGS), ...links], /node started/, env);
    children.push(child);
    return { child, port: await startedPort(child) };
  };
  try {
    const survivors = await Promise.all([startNode('nk-1'), startNode('nk-2')]);
    const register = survivors.map((s) => `http://127.0.0.1:${s.port}`).join(',');
    await Promise.all(
      [0, 1].flatMap((i) =>
        [0, 1].map(async (j) => {
          const dial = o.serversDial === true ? ['--dial-nodes'] : [];
          const sim = spawnNode(simMain, ['--port', '0', '--grid', '2x2', '--cell', `${i},${j}`, '--world', '1000', '--register', register, ...dial, '--json'], /"event":"registered"/);
          children.push(sim);
          await sim.ready;
        }),
      ),
    );
    for (const s of survivors) await eventually(`node on ${s.port} links every sim-server`, () => linkedAll(s.port, 4), 20_000, 100);
    log('cluster up: 2 nodes, 4 sim-servers');

    const results: MomentFigures[] = [];
    for (const moment of o.moments ?? MOMENTS) {
      const spec = crashAt(moment, o.clients);
      // `resume` and `ticket` need resumes on the victim: a first node dies (from outside) and its players move there.
      const chained = moment === 'resume' || moment === 'ticket';
      const first = chained ? await startNode(`nk-${moment}-first`) : undefined;
      const victim = await startNode(`nk-${moment}`, { ATLAS_CRASH_AT: spec });
      for (const n of [first, victim]) if (n !== undefined) await eventually(`${moment}: the new node links every sim-server`, () => linkedAll(n.port, 4), 20_000, 100);
      const urls = chained ? [first!.port, victim.port, survivors[0]!.port] : [victim.port, survivors[0]!.port, survivors[1]!.port];
      const args = [...loadTargets(urls), '--clients', String(o.clients), '--ramp', '1s', '--duration', `${o.seconds}s`, '--settle', '3s', '--world', '0,0,1000,1000', '--grid', '2x2', '--seed', '11', '--json', '--quiet'];
      log(`${moment}: ${o.clients} clients for ${o.seconds} s, victim with ATLAS_CRASH_AT=${spec}`);
      const load = startLoad(loadMain, args);
      children.push(load);
      const startedAt = Date.now();
      let crashedAfterMs = Number.NaN;
      void victim.child.exited.then(() => (crashedAfterMs = Date.now() - startedAt));
      if (first !== undefined) {
        await sleep(2000);
        first.child.process.kill('SIGKILL');
      }
      const report = await loadReport<KillReport>(load);
      const crashed = victim.child.process.signalCode === 'SIGKILL' && victim.child.stderr().includes(`crash point ${spec.split(':')[0]} reached`);
      if (victim.child.process.exitCode === null && victim.child.process.signalCode === null) victim.child.process.kill('SIGKILL');
      log(`${moment}: crashed ${crashed} after ${crashedAfterMs} ms; lost ${report.integrity.lost}, duplicated ${report.integrity.duplicated}, resume max ${report.latency.resume.max} ms`);
      results.push({ moment, crashAt: spec, crashed, crashedAfterMs, report });
    }
    return results;
  } finally {
    await stopChildren(children);
    await redis.stop('SIGKILL');
  }
}
