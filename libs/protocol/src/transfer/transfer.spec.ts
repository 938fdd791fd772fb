// The node's coordinator and both game servers' participants run against each other in
// memory, every server-link message passing through the binary codec. Whatever happens
// (accept, refusal, timeout, overflow, lost server), each client message reaches exactly
// one server, exactly once, in order, and the player ends up on exactly one server.
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { decodeServerMessage } from '../binary/server-decode';
import { encodeServerMessage } from '../binary/server-encode';
import { AbortReason, TransferPhase, TransferReason, TransferRole } from '../constants/enums';
import type { PlayerMove } from '../model/client-messages';
import type { ServerSingleMessage, TransferPrepare } from '../model/server-messages';
import { SequenceCounter, SequenceTracker } from '../sequence/sequence';
import { TransferCoordinator, type TransferOutput } from './transfer-coordinator';
import { TransferSource, TransferTarget, type ParticipantOutput } from './transfer-participants';

type Policy = 'accept' | 'refuse' | 'silent';

const move = (seq: number): PlayerMove => ({
  type: 'PlayerMove',
  seq,
  timestamp: seq,
  position: { x: seq, y: 0, z: 0 },
  velocity: { x: 1, y: 0, z: 0 },
});

const wire = (m: ServerSingleMessage): ServerSingleMessage => {
  const r = decodeServerMessage(encodeServerMessage(m));
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right as ServerSingleMessage;
};

/** A node, a source and a target with scripted game-server behaviour. */
function world(opts: { source?: Policy; target?: Policy; maxBuffered?: number; timeoutMs?: number } = {}) {
  const clientSeq = new SequenceCounter(100);
  const node = new TransferCoordinator({
    transferId: 9,
    playerId: 'p-1',
    fromServer: 'gs-a',
    toServer: 'gs-b',
    sourceHandle: 11,
    targetHandle: 22,
    reason: TransferReason.Boundary,
    position: { x: 1, y: 2, z: 3 },
    claims: '{"tier":"gold"}',
    timeoutMs: opts.timeoutMs ?? 1000,
    maxBuffered: opts.maxBuffered ?? 64,
    clientSeq,
  });
  const got = { source: [] as number[], target: [] as number[] };
  const toClient: { seq: number; phase: number }[] = [];
  const events: string[] = [];
  const queues = { toSource: [] as ServerSingleMessage[], toTarget: [] as ServerSingleMessage[], toNode: [] as ['source' | 'target', ServerSingleMessage][] };
  let source: TransferSource | undefined;
  let target: TransferTarget | undefined;
  let route: 'source' | 'target' = 'source';

  const fromNode = (outs: TransferOutput[]): void => {
    for (const o of outs) {
      if (o.kind === 'to-source') queues.toSource.push(wire(o.message));
      else if (o.kind === 'to-target') queues.toTarget.push(wire(o.message));
      else if (o.kind === 'to-client') toClient.push({ seq: o.message.seq, phase: o.message.phase });
      else if (o.kind === 'switch-route') route = 'target';
      else events.push(`node:${o.kind}`);
    }
  };
  const fromParticipant = (side: 'source' | 'target', outs: ParticipantOutput[]): void => {
    for (const o of outs) {
      if (o.kind === 'send') queues.toNode.push([side, wire(o.message)]);
      else if (o.kind === 'export') {
        const policy = opts.source ?? 'accept';
        if (policy === 'accept') fromParticipant(side, source?.handOver(Uint8Array.of(1, 2, 3)) ?? []);
        if (policy === 'refuse') fromParticipant(side, source?.refuse() ?? []);
      } else if (o.kind === 'import') {
        expect(Array.from(o.state)).toEqual([1, 2, 3]);
        const policy = opts.target ?? 'accept';
        if (policy === 'accept') fromParticipant(side, target?.accept() ?? []);
        if (policy === 'refuse') fromParticipant(side, target?.refuse() ?? []);
      } else if (o.kind === 'completed' || o.kind === 'aborted') events.push(`${side}:${o.kind}`);
    }
  };
  const serverReceives = (side: 'source' | 'target', m: ServerSingleMessage): void => {
    if (m.type === 'Forward' && m.message.type === 'PlayerMove') {
      got[side].push(m.message.seq);
      return;
    }
    if (m.type === 'TransferPrepare') {
      const prep: TransferPrepare = m;
      if (prep.role === TransferRole.Source) {
        source = new TransferSource(prep);
        fromParticipant(side, source.begin());
      } else {
        target = new TransferTarget(prep, 0, 2000);
        fromParticipant(side, target.begin());
      }
      return;
    }
    const p = side === 'source' ? source : target;
    if (p) fromParticipant(side, p.receive(m));
  };
  /** Delivers one queued message (round-robin over the three queues); false when all are empty. */
  const pump = (which: number): boolean => {
    for (let k = 0; k < 3; k++) {
      const q = (which + k) % 3;
      const toSource = q === 0 ? queues.toSource.shift() : undefined;
      if (toSource) return serverReceives('source', toSource), true;
      const toTarget = q === 1 ? queues.toTarget.shift() : undefined;
      if (toTarget) return serverReceives('target', toTarget), true;
      const toNode = q === 2 ? queues.toNode.shift() : undefined;
      if (toNode) {
        const [side, m] = toNode;
        fromNode(side === 'source' ? node.fromSource(m, 0) : node.fromTarget(m, 0));
        return true;
      }
    }
    return false;
  };
  const drain = (): void => {
    while (pump(0));
  };
  return { node, got, toClient, events, fromNode, pump, drain, route: () => route, source: () => source, target: () => target };
}

describe('transfer machines', () => {
  it('hand a player over: prepare, state, accept, switch; held messages reach the target in order', () => {
    const w = world();
    w.fromNode(w.node.start(0));
    for (let s = 1; s <= 5; s++) w.fromNode(w.node.fromClient(move(s), 0));
    expect(w.node.buffered).toBe(5);
    w.drain();
    for (let s = 6; s <= 7; s++) w.fromNode(w.node.fromClient(move(s), 0));
    w.drain();
    expect(w.got).toEqual({ source: [], target: [1, 2, 3, 4, 5, 6, 7] });
    expect(w.route()).toBe('target');
    expect(w.events).toEqual(['node:completed', 'source:completed', 'target:completed']);
    expect(w.toClient).toEqual([
      { seq: 100, phase: TransferPhase.Started },
      { seq: 101, phase: TransferPhase.Completed },
    ]);
  });

  it('aborts when the target refuses: the source keeps the player and gets the held messages', () => {
    const w = world({ target: 'refuse' });
    w.fromNode(w.node.start(0));
    w.fromNode(w.node.fromClient(move(1), 0));
    w.drain();
    w.fromNode(w.node.fromClient(move(2), 0));
    expect(w.got).toEqual({ source: [1], target: [] });
    w.drain();
    expect(w.got).toEqual({ source: [1, 2], target: [] });
    expect(w.events).toEqual(['target:aborted', 'node:aborted', 'source:aborted']);
    expect(w.toClient.map((n) => n.phase)).toEqual([TransferPhase.Started, TransferPhase.Aborted]);
  });

  it('aborts when the source refuses', () => {
    const w = world({ source: 'refuse' });
    w.fromNode(w.node.start(0));
    w.drain();
    expect(w.events).toEqual(['source:aborted', 'node:aborted', 'target:aborted']);
    expect(w.route()).toBe('source');
  });

  it('aborts on timeout when the target never answers', () => {
    const w = world({ target: 'silent', timeoutMs: 500 });
    w.fromNode(w.node.start(0));
    w.fromNode(w.node.fromClient(move(1), 0));
    w.drain();
    expect(w.node.state).toBe('awaiting-accept');
    expect(w.node.tick(499)).toEqual([]);
    w.fromNode(w.node.tick(500));
    w.drain();
    expect(w.got.source).toEqual([1]);
    expect(w.node.state).toBe('aborted');
    expect(w.events).toContain('target:aborted');
    expect(w.events).toContain('source:aborted');
  });

  it('lets the target give up when no state arrives', () => {
    const w = world({ source: 'silent' });
    w.fromNode(w.node.start(0));
    w.drain();
    const t = w.target() as TransferTarget;
    expect(t.tick(1999)).toEqual([]);
    expect(t.tick(2000)).toEqual([
      { kind: 'send', message: { type: 'TransferAbort', handle: 22, transferId: 9, reason: AbortReason.Timeout } },
      { kind: 'aborted', reason: AbortReason.Timeout },
    ]);
  });

  it('aborts rather than drop when the buffer overflows, and loses nothing', () => {
    const w = world({ maxBuffered: 3, target: 'silent' });
    w.fromNode(w.node.start(0));
    for (let s = 1; s <= 6; s++) w.fromNode(w.node.fromClient(move(s), 0));
    w.drain();
    expect(w.got).toEqual({ source: [1, 2, 3, 4, 5, 6], target: [] });
    expect(w.events).toContain('node:aborted');
  });

  it('aborts when a server link dies, and drops held messages when the player leaves', () => {
    const lost = world();
    lost.fromNode(lost.node.start(0));
    expect(lost.node.serverLost('target', 1).map((o) => o.kind)).toEqual(['to-source', 'to-client', 'aborted']);
    const left = world();
    left.fromNode(left.node.start(0));
    left.fromNode(left.node.fromClient(move(1), 0));
    const outs = left.node.cancel(1);
    expect(outs.filter((o) => o.kind === 'to-client' || (o.kind === 'to-source' && o.message.type === 'Forward'))).toEqual([]);
    expect(outs).toContainEqual({ kind: 'aborted', transferId: 9, reason: AbortReason.PlayerLeft });
  });

  it('delivers every client message exactly once, in order, under any interleaving and outcome', () => {
    const step = fc.oneof(
      fc.constant({ op: 'client' as const }),
      fc.integer({ min: 0, max: 2 }).map((q) => ({ op: 'pump' as const, q })),
      fc.integer({ min: 0, max: 1500 }).map((t) => ({ op: 'tick' as const, t })),
    );
    fc.assert(
      fc.property(
        fc.constantFrom<Policy>('accept', 'refuse', 'silent'),
        fc.constantFrom<Policy>('accept', 'refuse', 'silent'),
        fc.integer({ min: 1, max: 8 }),
        fc.array(step, { maxLength: 40 }),
        (sourcePolicy, targetPolicy, maxBuffered, steps) => {
          const w = world({ source: sourcePolicy, target: targetPolicy, maxBuffered });
          const sent = new SequenceCounter();
          let now = 0;
          w.fromNode(w.node.start(0));
          for (const s of steps) {
            if (s.op === 'client') w.fromNode(w.node.fromClient(move(sent.next()), now));
            else if (s.op === 'pump') w.pump(s.q);
            else w.fromNode(w.node.tick((now = Math.max(now, s.t))));
          }
          w.fromNode(w.node.tick(10_000));
          w.drain();
          const total = sent.last();
          // Each server saw an in-order run with no gap or duplicate; together they saw everything once.
          for (const side of ['source', 'target'] as const) {
            const t = new SequenceTracker(w.got[side][0] ?? 1);
            for (const seq of w.got[side]) expect(t.observe(seq).kind).toBe('in-order');
          }
          expect([...w.got.source, ...w.got.target].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
          const done = w.node.state;
          expect(['completed', 'aborted']).toContain(done);
          if (done === 'completed') {
            expect(w.route()).toBe('target');
            expect(w.events).toEqual(expect.arrayContaining(['source:completed', 'target:completed']));
            expect(Math.max(0, ...w.got.source)).toBeLessThan(Math.min(Infinity, ...w.got.target));
          } else {
            expect(w.route()).toBe('source');
            expect(w.events).not.toContain('target:completed');
            expect(w.events).not.toContain('source:completed');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
