// Issue 3 in a real browser: @atlas/protocol + @atlas/crypto + @atlas/compression bundled for
// the browser platform (the bundle fails on any Node built-in) and run in headless Chromium
// (Debian's, installed by .ci/run), served from 127.0.0.1 so WebCrypto has a secure context.
import { join } from 'node:path';
import { openScriptPage } from './browser';
import type { Issue3Report } from './browser/issue-3-entry';

describe('issue 3 in headless Chromium', () => {
  let opened: AtlasBrowserTesting.OpenPage;
  let report: Issue3Report;

  beforeAll(async () => {
    opened = await openScriptPage(join(__dirname, 'browser/issue-3-entry.ts'));
    report = await opened.page.evaluate(() => (globalThis as unknown as { atlasIssue3: () => Promise<Issue3Report> }).atlasIssue3());
  }, 60_000);

  afterAll(() => opened?.close());

  it('runs in a secure context of a real Chromium', () => {
    expect(report.secureContext).toBe(true);
    expect(report.userAgent).toMatch(/Chrome\//);
  });

  it('completes a client/node handshake with WebCrypto keys and a signed token', () => {
    expect(report.handshake).toMatchObject({ clientState: 'established', serverState: 'established', keysMatch: true, playerId: 'player-7' });
    expect(report.handshake.codecs).toContain('lz4');
    // Chromium has had WebCrypto X25519 since version 133: the preferred suite, not the fallback.
    expect(report.handshake.suite).toBe('x25519');
  });

  it('round-trips moves, full snapshots and deltas through encode, compress, seal and back, both ways', () => {
    expect(report.roundTrips).toHaveLength(4 * 2 * 3);
    expect(report.roundTrips.filter((r) => !r.ok)).toEqual([]);
    const snapshot = report.roundTrips.filter((r) => r.message === 'StateSync' && r.payloadBytes > 4000);
    expect(new Set(snapshot.map((r) => r.wireAlgorithm))).toEqual(new Set(['lz4', 'deflate', 'none']));
  });

  it('rejects a tampered sealed frame, a corrupt compressed frame and a delta on the wrong base', () => {
    expect(report.tamperedRejected).not.toBe('accepted');
    expect(report.corruptRejected).toBe('corrupt');
    expect(report.wrongBaseRejected).toBe('wrong-base');
    expect(report.deltaOk).toBe(true);
    expect(report.deltaPercent).toBeLessThan(15);
  });
});
