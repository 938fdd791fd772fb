import { lineOf, scanKeyLines } from './toml-lines';

describe('scanKeyLines', () => {
  const text = [
    '# comment = not a key', // 1
    'top = 1', // 2
    '[server]', // 3
    'port = 1 # trailing', // 4
    '  "address" = "x"', // 5
    'banner = """', // 6
    'fake = 2', // 7
    '"""', // 8
    'max_connections = 3', // 9
    '[ cluster ]', // 10
    'node_id="n"', // 11
    '[spatial]', // 12
    'admin.port = 5', // 13
    'limits = { idle_timeout = 5 }', // 14
    '[[arr]]', // 15
    'x = 1', // 16
  ].join('\n');
  const lines = scanKeyLines(text);

  it('finds keys under their table, quoted or spaced', () => {
    expect(lines.get('top')).toBe(2);
    expect(lines.get('server')).toBe(3);
    expect(lines.get('server.port')).toBe(4);
    expect(lines.get('server.address')).toBe(5);
    expect(lines.get('cluster.node_id')).toBe(11);
  });

  it('skips comments and the inside of multi-line strings', () => {
    expect(lines.has('comment')).toBe(false);
    expect(lines.has('server.fake')).toBe(false);
    expect(lines.get('server.max_connections')).toBe(9);
  });

  it('resolves dotted keys and falls back to an inline table line', () => {
    expect(lines.get('spatial.admin.port')).toBe(13);
    expect(lineOf(lines, 'spatial.limits.idle_timeout')).toBe(14);
    expect(lineOf(lines, 'arr.x')).toBe(16);
    expect(lineOf(lines, 'nowhere.at.all')).toBeUndefined();
  });

  it('handles CRLF line endings', () => {
    expect(scanKeyLines('[server]\r\nport = 1\r\n').get('server.port')).toBe(2);
  });
});
