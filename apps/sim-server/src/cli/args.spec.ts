import * as E from 'fp-ts/lib/Either.js';
import { HELP, parseArgs } from './args';

describe('sim-server command line', () => {
  it('parses a grid cell, registration and direct mode', () => {
    const r = parseArgs(['--port', '7101', '--grid', '2x2', '--cell', '1,0', '--world', '1000', '--register', 'http://127.0.0.1:8080', '--direct', '--no-encryption']);
    expect(r).toMatchObject(
      E.right({
        help: false,
        sim: {
          port: 7101,
          register: ['http://127.0.0.1:8080'],
          direct: true,
          directEncryption: false,
          region: { coord: { x: 1, y: 0, z: 0 }, bounds: { min: { x: 500, y: 0, z: -1000 }, max: { x: 1000, y: 500, z: 1000 } }, center: { x: 750, y: 250, z: 0 } },
        },
      }),
    );
  });

  it('parses explicit bounds and --opt=value forms, and a PSK with its salt', () => {
    const r = parseArgs(['--region=0,0,-5,10,20,5', '--psk', 'secret', '--psk-salt', 'salt-of-16-bytes!', '--pbkdf2-iterations=100000', '--sync-hz', '0']);
    expect(r).toMatchObject(
      E.right({ sim: { region: { bounds: { min: { x: 0, y: 0, z: -5 }, max: { x: 10, y: 20, z: 5 } } }, psk: { secret: 'secret', salt: 'salt-of-16-bytes!', iterations: 100_000 }, syncHz: 0 } }),
    );
  });

  it('takes several comma-separated nodes for --register', () => {
    expect(parseArgs(['--register', 'http://127.0.0.1:8080, http://127.0.0.1:8081,'])).toMatchObject(
      E.right({ sim: { register: ['http://127.0.0.1:8080', 'http://127.0.0.1:8081'] } }),
    );
  });

  it.each([
    [['--register', ' , '], '--register needs at least one node URL'],
    [['--port', '70000'], '--port must be an integer 0..65535'],
    [['--nope'], 'unknown option --nope'],
    [['--prot', '7101'], 'unknown option --prot; did you mean --port? (see --help)'],
    [['--port', '1', '--port', '2'], '--port given twice'],
    [['--port'], '--port needs a value'],
    [['stray'], 'unexpected argument "stray"'],
    [['--region', '1,2,3'], '--region needs six numbers'],
    [['--region', '5,0,0,1,1,1'], 'each min must be below its max'],
    [['--grid', '2x2'], '--grid needs --cell'],
    [['--grid', '2x2', '--cell', '2,0'], 'outside the 2x2 grid'],
    [['--region', '0,0,0,1,1,1', '--grid', '1x1', '--cell', '0,0'], 'either --region or --grid'],
    [['--psk', 'x'], '--psk needs --psk-salt'],
    [['--tick-hz', '0'], '--tick-hz must be above 0'],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    expect(parseArgs(argv)).toEqual(E.left(expect.stringContaining(message)));
  });

  it('documents every option with an example', () => {
    expect(parseArgs(['--help'])).toMatchObject(E.right({ help: true }));
    for (const option of ['--port', '--region', '--grid', '--register', '--psk', '--direct', '--tick-hz', '--sync-hz', '--json']) expect(HELP).toContain(option);
    expect(HELP.match(/Example:/g)?.length).toBeGreaterThanOrEqual(14);
  });
});
