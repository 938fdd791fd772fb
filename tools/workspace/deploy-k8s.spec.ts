// docker/k8s/atlas-node.yaml checked against the code: the node's configuration is
// loaded with @atlas/config from the ConfigMap and the Deployment's environment (Secret
// values, downward-API fields and $(VAR) references resolved as the kubelet would), the
// probes and Services hit the configured port and the node's real endpoints, the grace
// period outlasts the drain, and the pod runs as the image's user.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { CONFIG_FILE_ENV, CONFIG_KEYS, loadConfig, type AtlasConfig } from '@atlas/config';
import { REPO } from '../deploy/compose';
import { parseDockerfile } from '../deploy/dockerfile.cjs';
import { parseAllDocuments } from 'yaml';

// The manifests are loosely typed data: read them through small accessors.
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const docs = parseAllDocuments(readFileSync(join(REPO, 'docker/k8s/atlas-node.yaml'), 'utf8')).map((d) => d.toJS() as Doc);
const find = (kind: string, name?: string): Doc => {
  const found = docs.filter((d) => d['kind'] === kind && (name === undefined || d['metadata']['name'] === name));
  expect(found).toHaveLength(1);
  return found[0]!;
};
const deployment = find('Deployment');
const pod = deployment['spec']['template'];
const container = pod['spec']['containers'][0] as Doc;
const dockerfile = parseDockerfile(readFileSync(join(REPO, 'docker/Dockerfile'), 'utf8'));
const imageConfigPath = /ATLAS_CONFIG=(\S+)/.exec(dockerfile.filter((s) => s.instruction === 'ENV').map((s) => s.args).join(' '))![1]!;

/** The container's environment as the kubelet would build it for a pod named atlas-node-5d8f9-x2x7q at 10.1.2.3. */
function containerEnv(): Record<string, string> {
  const secret = find('Secret')['stringData'] as Record<string, string>;
  const fields: Record<string, string> = { 'metadata.name': 'atlas-node-5d8f9-x2x7q', 'status.podIP': '10.1.2.3' };
  const env: Record<string, string> = {};
  for (const e of container['env'] as Doc[]) {
    const from = e['valueFrom'];
    let value: string;
    if (from === undefined) value = String(e['value']).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (_m, v: string) => env[v] ?? `$(${v})`);
    else if (from['fieldRef'] !== undefined) value = fields[from['fieldRef']['fieldPath']]!;
    else {
      expect(from['secretKeyRef']['name']).toBe(find('Secret')['metadata']['name']);
      value = secret[from['secretKeyRef']['key']]!;
    }
    expect([e['name'], value]).toEqual([e['name'], expect.any(String)]);
    env[e['name']] = value;
  }
  return env;
}

describe('docker/k8s/atlas-node.yaml', () => {
  let dir: string;
  let config: AtlasConfig;

  beforeAll(() => {
    // The ConfigMap, mounted where the image's ATLAS_CONFIG points.
    const mount = (container['volumeMounts'] as Doc[]).find((m) => imageConfigPath.startsWith(`${m['mountPath']}/`))!;
    const volume = (pod['spec']['volumes'] as Doc[]).find((v) => v['name'] === mount['name'])!;
    const data = find('ConfigMap', volume['configMap']['name'])['data'] as Record<string, string>;
    dir = mkdtempSync(join(tmpdir(), 'atlas-k8s-'));
    const file = join(dir, imageConfigPath.slice(mount['mountPath'].length + 1));
    writeFileSync(file, data[imageConfigPath.slice(mount['mountPath'].length + 1)]!);
    const loaded = loadConfig({ env: { ...containerEnv(), [CONFIG_FILE_ENV]: file }, argv: container['args'] ?? [] });
    if (E.isLeft(loaded)) throw new Error(JSON.stringify(loaded.left));
    config = loaded.right.config;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each pod a valid configuration: its own node id and address, the shared Redis and secrets', () => {
    const names = new Set(CONFIG_KEYS.map((k) => k.env));
    for (const e of container['env'] as Doc[]) if (String(e['name']).startsWith('ATLAS_')) expect([e['name'], names.has(e['name'])]).toEqual([e['name'], true]);
    expect(config.cluster.node_id).toBe('atlas-node-5d8f9-x2x7q');
    expect(config.cluster.advertise_address).toBe(`10.1.2.3:${config.server.port}`);
    expect(config.cluster.store).toBe('redis');
    expect(config.cluster.redis_url).toMatch(/^redis:\/\//);
    expect(config.security.token_secret.length).toBeGreaterThanOrEqual(32);
    expect(config.security.registration_secret).not.toBe('');
  });

  it('probes readiness on /ready and liveness on /health of the port the node listens on', () => {
    const ports = container['ports'] as Doc[];
    const ws = ports.find((p) => p['name'] === container['readinessProbe']['httpGet']['port'])!;
    expect(ws['containerPort']).toBe(config.server.port);
    expect(container['readinessProbe']['httpGet']['path']).toBe('/ready');
    expect(container['livenessProbe']['httpGet']).toEqual({ path: '/health', port: ws['name'] });
    // Both endpoints answer within 200 ms even while Redis is unreachable (docs/deploy.md): a
    // timeout of at least a second never fails them then, so an outage restarts or unreadies no pod.
    for (const probe of ['readinessProbe', 'livenessProbe']) expect([probe, container[probe]['timeoutSeconds'] >= 1]).toEqual([probe, true]);
  });

  it('routes both Services and the PodDisruptionBudget to the node pods', () => {
    const labels = pod['metadata']['labels'];
    expect(deployment['spec']['selector']['matchLabels']).toEqual(labels);
    for (const service of docs.filter((d) => d['kind'] === 'Service')) {
      expect(service['spec']['selector']).toEqual(labels);
      for (const p of service['spec']['ports'] as Doc[]) expect(p['targetPort']).toBe((container['ports'] as Doc[])[0]!['name']);
    }
    const pdb = find('PodDisruptionBudget');
    expect(pdb['spec']['selector']['matchLabels']).toEqual(labels);
    expect(pdb['spec']['maxUnavailable']).toBe(1);
    expect(deployment['spec']['strategy']['rollingUpdate']).toEqual({ maxSurge: 1, maxUnavailable: 0 });
  });

  it('outlasts the preStop pause plus the drain before Kubernetes sends SIGKILL', () => {
    const pause = container['lifecycle']['preStop']['exec']['command'] as string[];
    expect(pause[0]).toBe('sleep');
    const grace = pod['spec']['terminationGracePeriodSeconds'] as number;
    expect(grace).toBeGreaterThan(Number(pause[1]) + config.server.drain_timeout);
  });

  it("runs as the image's non-root user with a read-only root filesystem", () => {
    expect(dockerfile.find((s) => s.instruction === 'USER')?.args).toBe('node');
    expect(pod['spec']['securityContext']).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container['securityContext']).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    // The image's entry point runs the node: no command override.
    expect(container['command']).toBeUndefined();
  });
});
