// A client that reads slowly (or a node that resets the connection right after closing it)
// sees 1006 from its socket although the node said why first, in a Disconnect.

/** WebSocket's "closed abnormally": no close frame was read. */
const ABNORMAL = 1006;

/** The close code to report: the socket's, unless it is 1006 and the node's Disconnect named the real one. */
export function reportedCloseCode(socketCode: number, disconnectCode: number | undefined): number {
  return socketCode === ABNORMAL && disconnectCode !== undefined ? disconnectCode : socketCode;
}
