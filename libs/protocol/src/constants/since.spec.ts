import { ClientTypeId, ServerTypeId } from './message-types';
import { CLIENT_SINCE, SERVER_SINCE, clientSendable, serverSendable } from './since';
import { SUPPORTED_VERSIONS } from './version';

describe('since which version each message exists', () => {
  it('names a supported version for every message type of both links', () => {
    for (const t of Object.keys(ClientTypeId)) expect(SUPPORTED_VERSIONS).toContain(CLIENT_SINCE[t as keyof typeof ClientTypeId]);
    for (const t of Object.keys(ServerTypeId)) expect(SUPPORTED_VERSIONS).toContain(SERVER_SINCE[t as keyof typeof ServerTypeId]);
  });

  it('every version-1 message is sendable at every version; nothing is sendable below its version', () => {
    for (const [t, since] of Object.entries(CLIENT_SINCE)) {
      for (const v of SUPPORTED_VERSIONS) expect(clientSendable(t as keyof typeof CLIENT_SINCE, v)).toBe(v >= since);
    }
    for (const [t, since] of Object.entries(SERVER_SINCE)) {
      for (const v of SUPPORTED_VERSIONS) expect(serverSendable(t as keyof typeof SERVER_SINCE, v)).toBe(v >= since);
    }
  });
});
