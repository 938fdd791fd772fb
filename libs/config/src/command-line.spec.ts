import { left, right } from 'fp-ts/lib/Either.js';
import { parseCommandLine } from './index';

const SPEC = {
  port: { type: 'string' },
  register: { type: 'string', multiple: true },
  players: { type: 'string', aliasOf: 'clients' },
  clients: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

describe('parseCommandLine', () => {
  it('reads values in both spellings, repeatable options, flags, short forms and aliases', () => {
    expect(parseCommandLine(['--port', '80', '--register=a', '--register', 'b', '--json', '-h', '--players', '5', '--', ], SPEC)).toEqual(
      right({ port: '80', register: ['a', 'b'], json: true, help: true, clients: '5' }),
    );
    expect(parseCommandLine(['--port', '-5'], SPEC)).toEqual(right({ port: '-5' }));
  });

  it.each([
    [['--prot', '80'], 'unknown option --prot; did you mean --port? (see --help)'],
    [['--frobnicate'], 'unknown option --frobnicate (see --help)'],
    [['-x'], 'unknown option -x (see --help)'],
    [['stray'], 'unexpected argument "stray" (options start with --; see --help)'],
    [['--json', '--', 'stray'], 'unexpected argument "stray" (options start with --; see --help)'],
    [['--port'], '--port needs a value (see --help)'],
    [['--port', '--json'], '--port needs a value (see --help)'],
    [['--json=yes'], '--json takes no value, got "yes"'],
    [['--port', '1', '--port', '2'], '--port given twice'],
    [['--clients', '1', '--players', '2'], '--players given twice'],
  ])('refuses %j', (argv, message) => {
    expect(parseCommandLine(argv, SPEC)).toEqual(left(message));
  });
});
