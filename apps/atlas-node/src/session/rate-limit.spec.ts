import { ClientSession } from './session';
import { RateVerdict, takeTokens } from './rate-limit';

describe('the per-connection message-rate limit', () => {
  it('allows a second of burst, refills at the rate, and closes at twice the allowance dropped', () => {
    const s = new ClientSession(1, 0);
    for (let i = 0; i < 10; i++) expect(takeTokens(s, 1, 10, 1000)).toBe(RateVerdict.Ok);
    expect(takeTokens(s, 1, 10, 1000)).toBe(RateVerdict.Drop);
    expect(takeTokens(s, 1, 10, 1100)).toBe(RateVerdict.Ok);
    for (let i = 0; i < 19; i++) expect(takeTokens(s, 1, 10, 1100)).toBe(RateVerdict.Drop);
    expect(takeTokens(s, 1, 10, 1100)).toBe(RateVerdict.Close);
  });

  it('forgives drops after a calm second and applies a changed rate at once', () => {
    const s = new ClientSession(1, 0);
    takeTokens(s, 10, 10, 1000);
    expect(takeTokens(s, 5, 10, 1000)).toBe(RateVerdict.Drop);
    expect(takeTokens(s, 1, 10, 2100)).toBe(RateVerdict.Ok);
    expect(s.dropped).toBe(0);
    expect(takeTokens(s, 50, 100, 4000)).toBe(RateVerdict.Ok);
  });
});
