import { parseYaml, parseYamlDocuments, YamlError } from './yaml-lite';

describe('yaml-lite', () => {
  it('reads block mappings and sequences, both sequence indentations, and comments', () => {
    const text = [
      '# a comment',
      'name: atlas # trailing comment',
      'services:',
      '  web:',
      '    ports:',
      '      - "8080:8080"',
      '      - 9090:9090',
      '    command:',
      '    - --port',
      '    - 7101',
      '  empty:',
      'list:',
      '  - name: a',
      '    value: 1',
      '  - name: b',
      '  -',
      '    nested: true',
    ].join('\n');
    expect(parseYaml(text)).toEqual({
      name: 'atlas',
      services: { web: { ports: ['8080:8080', '9090:9090'], command: ['--port', 7101] }, empty: null },
      list: [{ name: 'a', value: 1 }, { name: 'b' }, { nested: true }],
    });
  });

  it('resolves scalars with the core schema, and quoted ones as strings', () => {
    const doc = parseYaml(
      [
        'a: true', 'b: False', 'c: ~', 'd: null', 'e: 42', 'f: -1.5', 'g: 1e3', 'h: 0x1f', 'i: "42"', "j: 'it''s'",
        'k: "tab\\there \\u00e9"', 'l: redis://redis:6379/0', 'm: 5s', 'n: "#not a comment"', 'o: a#b', 'p:',
      ].join('\n'),
    );
    expect(doc).toEqual({ a: true, b: false, c: null, d: null, e: 42, f: -1.5, g: 1000, h: 31, i: '42', j: "it's", k: 'tab\there é', l: 'redis://redis:6379/0', m: '5s', n: '#not a comment', o: 'a#b', p: null });
  });

  it('reads one-line flow collections', () => {
    expect(parseYaml('test: ["CMD", "node", "-e", "require(\'x\').y(1, 2)"]\nmap: {a: 1, "b": [x, y], c: {}}\nnone: []')).toEqual({
      test: ['CMD', 'node', '-e', "require('x').y(1, 2)"],
      map: { a: 1, b: ['x', 'y'], c: {} },
      none: [],
    });
  });

  it('resolves anchors, aliases and merge keys, explicit keys winning', () => {
    const doc = parseYaml(
      [
        'x-env: &env',
        '  A: "1"',
        '  B: "2"',
        'x-base: &base',
        '  image: atlas',
        '  init: true',
        'one:',
        '  <<: *base',
        '  init: false',
        '  environment:',
        '    <<: *env',
        '    B: "3"',
        'two: *base',
        'seq: [*base]',
      ].join('\n'),
    );
    expect(doc).toMatchObject({
      one: { image: 'atlas', init: false, environment: { A: '1', B: '3' } },
      two: { image: 'atlas', init: true },
      seq: [{ image: 'atlas', init: true }],
    });
  });

  it('reads literal block scalars verbatim, and several documents', () => {
    const docs = parseYamlDocuments(['kind: ConfigMap', 'data:', '  atlas.toml: |', '    [server]', '    # kept', '', '    port = 8080', '  other: |-', '    x', '---', 'kind: Service'].join('\n'));
    expect(docs).toEqual([{ kind: 'ConfigMap', data: { 'atlas.toml': '[server]\n# kept\n\nport = 8080\n', other: 'x' } }, { kind: 'Service' }]);
  });

  it.each([
    ['tabs', 'a:\n\tb: 1'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['an unknown alias', 'a: *nope'],
    ['a multi-line plain scalar', 'a: one\n  two'],
    ['a multi-line quoted scalar', 'a: "one\n  two"'],
    ['a folded scalar', 'a: >\n  text'],
    ['a tag', 'a: !!str 1'],
    ['a nested mapping on one line', 'a: b: c'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2'],
  ])('refuses %s with the line', (_what, text) => {
    expect(() => parseYamlDocuments(text)).toThrow(YamlError);
  });
});
