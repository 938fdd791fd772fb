import * as E from 'fp-ts/lib/Either.js';
import { heartbeatBody, registrationBody, rustFloat } from './payloads';
import { judgeResponse, requestText } from './raw-http';
import { parseHeartbeat, parseRegistration } from './responses';

describe('Horizon payloads', () => {
  it('writes the registration body as serde does: X half-extent, centre of all axes, floats with .0', () => {
    const body = registrationBody({
      bindAddress: '0.0.0.0:8081',
      region: { min_x: -1000, max_x: 1000, min_y: -1000, max_y: 1000, min_z: -100, max_z: 100 },
      regionCoord: { x: 0, y: 0, z: 0 },
      capacity: 1000,
      version: '0.1.0',
    });
    expect(body).toBe('{"name":"horizon-0-0-0","address":"0.0.0.0:8081","region_coord":{"x":0,"y":0,"z":0},"center":{"x":0.0,"y":0.0,"z":0.0},"bounds":1000.0,"capacity":1000,"version":"0.1.0","metadata":{}}');
    expect(heartbeatBody('srv-1', 1000)).toBe('{"server_id":"srv-1","current_connections":0,"load":0.0,"accepting_connections":true,"avg_tick_ms":0.0,"memory_bytes":0}');
    expect(rustFloat(2.5)).toBe('2.5');
  });

  it('sends Connection: close and judges status lines by substring', () => {
    expect(requestText('PUT', '/p', 'h:1', '{}')).toBe('PUT /p HTTP/1.1\r\nHost: h:1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    expect(judgeResponse('HTTP/1.1 201 Created\r\nX: y\r\n\r\n{"a":1}')).toEqual(E.right('{"a":1}'));
    expect(judgeResponse('HTTP/1.1 404 Not Found\r\n\r\n{}')).toEqual(E.left('Not found'));
    expect(judgeResponse('HTTP/1.1 503 Service Unavailable\r\n\r\n{}')).toEqual(E.left('HTTP error: HTTP/1.1 503 Service Unavailable'));
  });
});

describe('serde-strict answers', () => {
  const ok = '{"success":true,"server_id":"s","message":"m","heartbeat_interval_secs":5}';
  it('accepts what Horizon accepts, unknown fields included', () => {
    expect(E.isRight(parseRegistration(ok))).toBe(true);
    expect(E.isRight(parseRegistration('{"success":true,"server_id":"s","message":"m","heartbeat_interval_secs":5,"extra":1.5,"adjacent_servers":[{"server_id":"a","address":"h:1","region_coord":{"x":1,"y":0,"z":-1}}]}'))).toBe(true);
    expect(E.isRight(parseHeartbeat('{"success":true,"message":"ok","commands":[{"type":"HealthCheck"},{"type":"PrepareShutdown","deadline_secs":30},{"type":"ConfigUpdate","config":null}]}'))).toBe(true);
  });
  const parsers = { registration: parseRegistration, heartbeat: parseHeartbeat };
  it.each<[keyof typeof parsers, string, string]>([
    ['registration', 'a float interval', '{"success":true,"server_id":"s","message":"m","heartbeat_interval_secs":5.0}'],
    ['registration', 'a negative interval', '{"success":true,"server_id":"s","message":"m","heartbeat_interval_secs":-1}'],
    ['registration', 'no message', '{"success":true,"server_id":"s","heartbeat_interval_secs":5}'],
    ['registration', 'an adjacent server without region_coord', '{"success":true,"server_id":"s","message":"m","heartbeat_interval_secs":5,"adjacent_servers":[{"server_id":"a","address":"h"}]}'],
    ['registration', 'a float region_coord', '{"success":true,"server_id":"s","message":"m","heartbeat_interval_secs":5,"adjacent_servers":[{"server_id":"a","address":"h","region_coord":{"x":1.0,"y":0,"z":0}}]}'],
    ['heartbeat', 'an unknown command', '{"success":true,"message":"ok","commands":[{"type":"Drain"}]}'],
    ['heartbeat', 'a float deadline', '{"success":true,"message":"ok","commands":[{"type":"PrepareShutdown","deadline_secs":1.5}]}'],
    ['heartbeat', 'a ConfigUpdate without config', '{"success":true,"message":"ok","commands":[{"type":"ConfigUpdate"}]}'],
    ['heartbeat', 'no success', '{"message":"ok"}'],
  ])('refuses a %s answer with %s', (answer, _what, text) => {
    expect(E.isLeft(parsers[answer](text))).toBe(true);
  });
});
