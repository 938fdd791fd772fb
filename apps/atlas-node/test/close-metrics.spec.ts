// What operators must see: every close the node initiates counted by code in /metrics
// (read over HTTP from the running node), every refused token and ticket by reason, and
// every known series present at 0 before anything happened.
import { ActionChannel, CloseCode } from '@atlas/protocol';
import { request } from '../src/testing/test-server';
import { ONE_SERVER, until, useWorld } from './support/harness';
import { connectClient } from './support/test-client';

const move = (seq: number) => ({ type: 'PlayerMove' as const, seq, timestamp: 1, position: { x: 10, y: 10, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const action = (seq: number, data: Uint8Array) => ({ type: 'PlayerAction' as const, seq, channel: ActionChannel.Reliable, tag: 1, data });

describe('close and refusal counters', () => {
  const world = useWorld(ONE_SERVER, {
    server: { max_connections: 3 },
    limits: { max_frame_bytes: 2048, max_messages_per_second: 50 },
    security: { token_secret: 'a-token-secret-of-at-least-32-characters!' },
  });
  const metrics = async (): Promise<string> => (await request(`http://127.0.0.1:${world.node.port}/metrics`)).text();
  /** The value of `name{a="1",b="2"}` (other labels, e.g. node, may be present too). */
  const value = (text: string, series: string): number => {
    const [, name = '', labels = ''] = /^([^{]+)\{(.*)\}$/.exec(series) ?? [];
    const pairs = labels.split(',');
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && pairs.every((p) => l.includes(p)));
    return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  const closes = (code: number, reason: string): string => `atlas_client_closes_total{code="${code}",reason="${reason}"}`;

  it('has every known series at 0 before anything happened', async () => {
    const text = await metrics();
    for (const [code, reason] of [[4011, 'decrypt_failed'], [4000, 'protocol_violation'], [4005, 'frame_too_large'], [4007, 'slow_consumer'], [4006, 'rate_limited'], [4008, 'server_full'], [1000, 'normal']] as const) {
      expect(value(text, closes(code, reason))).toBe(0);
    }
    expect(value(text, 'atlas_token_refusals_total{reason="bad_signature"}')).toBe(0);
    expect(value(text, 'atlas_ticket_refusals_total{reason="bad_ticket"}')).toBe(0);
  });

  it('counts each close the node initiates by its code', async () => {
    const sealed = await connectClient(world.url);
    sealed.sendRaw(Uint8Array.of(1, 2, 3, 4, 5)); // not sealed
    expect((await sealed.closed).code).toBe(CloseCode.DecryptFailed);

    const text = await connectClient(world.url);
    text.sendRaw('{"type":"Heartbeat"}'); // text on a sealed session
    expect((await text.closed).code).toBe(CloseCode.ProtocolViolation);

    const big = await connectClient(world.url);
    big.send(move(1), action(2, new Uint8Array(4000)));
    expect((await big.closed).code).toBe(CloseCode.FrameTooLarge);

    const chatty = await connectClient(world.url);
    chatty.send(move(1));
    for (let i = 0; i < 300; i++) chatty.send(action(i + 2, Uint8Array.of(1)));
    expect((await chatty.closed).code).toBe(CloseCode.RateLimited);

    const open = await Promise.all([connectClient(world.url), connectClient(world.url), connectClient(world.url)]);
    await expect(connectClient(world.url)).rejects.toMatchObject({ code: CloseCode.ServerFull });
    const bye = open[0];
    bye?.send({ type: 'Disconnect', code: 1000, reason: 'bye' } as never);
    await bye?.closed;
    await Promise.all(open.slice(1).map((c) => c.close()));

    await until(() => world.node.snapshot().players.length === 0, 5000, 'every client gone');
    const after = await metrics();
    expect([4011, 4000, 4005, 4006, 4008, 1000].map((code) => value(after, closes(code, { 4011: 'decrypt_failed', 4000: 'protocol_violation', 4005: 'frame_too_large', 4006: 'rate_limited', 4008: 'server_full', 1000: 'normal' }[code] ?? '')))).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('counts refused tokens and tickets by reason', async () => {
    await expect(connectClient(world.url, { token: 'not-a-token' })).rejects.toMatchObject({ code: CloseCode.AuthFailed });
    await expect(connectClient(world.url, { resumeTicket: 'not-a-ticket' })).rejects.toMatchObject({ code: CloseCode.ResumeFailed });
    const text = await metrics();
    expect(value(text, 'atlas_token_refusals_total{reason="malformed_token"}')).toBe(1);
    expect(value(text, 'atlas_ticket_refusals_total{reason="bad_ticket"}')).toBe(1);
    expect(value(text, closes(4002, 'auth_failed'))).toBe(1);
    expect(value(text, closes(4009, 'resume_failed'))).toBe(1);
  });
});
