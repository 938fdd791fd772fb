// Every app is built (`nx run-many -t build`) and answers --help from its bundle.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE } from './scratch-workspace';

const apps = readdirSync(join(WORKSPACE, 'apps'));

describe('apps', () => {
  it.each(apps)('%s answers --help', (app) => {
    const help = execFileSync(process.execPath, [join(WORKSPACE, 'apps', app, 'dist/main.js'), '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/^Usage: /m);
    expect(help.split('\n').length).toBeGreaterThan(5);
  });
});
