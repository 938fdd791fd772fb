import { reportedCloseCode } from './close-code';

describe('reportedCloseCode', () => {
  it('reports the Disconnect code when the socket could only see 1006', () => {
    expect(reportedCloseCode(1006, 4007)).toBe(4007);
    expect(reportedCloseCode(1006, undefined)).toBe(1006);
  });
  it('keeps a close code the socket did read', () => {
    expect(reportedCloseCode(4006, 4006)).toBe(4006);
    expect(reportedCloseCode(1001, 4010)).toBe(1001);
  });
});
