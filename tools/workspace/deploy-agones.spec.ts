// docker/k8s/agones-fleet.yaml checked against the Agones provider: the Fleet is the one
// provisioning.agones_fleet names by default, and the Role grants exactly the calls the
// provider makes (no cluster here: the manifest is read, not applied).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '@atlas/config';
import { AGONES_KEYS } from '@atlas/provisioning';
import { parseAllDocuments } from 'yaml';

const REPO = join(__dirname, '..', '..');
type Doc = { kind: string; metadata: { name: string }; spec?: Record<string, unknown>; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[]; roleRef?: { name: string }; subjects?: { name: string }[] };
const docs = parseAllDocuments(readFileSync(join(REPO, 'docker/k8s/agones-fleet.yaml'), 'utf8')).map((d) => d.toJS() as Doc);
const byKind = (kind: string): Doc => docs.find((d) => d.kind === kind) as Doc;

describe('docker/k8s/agones-fleet.yaml', () => {
  it('declares the Fleet provisioning.agones_fleet allocates from by default', () => {
    expect(byKind('Fleet').metadata.name).toBe(DEFAULT_CONFIG.provisioning.agones_fleet);
    expect(AGONES_KEYS.fleet).toBe('agones.dev/fleet');
  });

  it('grants the node exactly what the Agones provider calls', () => {
    const grants = (byKind('Role').rules ?? []).flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${v} ${g}/${res}`))));
    expect(grants.sort()).toEqual(
      ['create allocation.agones.dev/gameserverallocations', 'get agones.dev/gameservers', 'list agones.dev/gameservers', 'watch agones.dev/gameservers', 'delete agones.dev/gameservers', 'delete /pods'].sort(),
    );
    expect(byKind('RoleBinding').roleRef?.name).toBe(byKind('Role').metadata.name);
    expect(byKind('RoleBinding').subjects?.[0]?.name).toBe(byKind('ServiceAccount').metadata.name);
  });

  it('gives a stopping game server more grace than game_servers.shutdown_timeout', () => {
    const pod = ((byKind('Fleet').spec as { template: { spec: { template: { spec: { terminationGracePeriodSeconds: number } } } } }).template.spec.template.spec);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(DEFAULT_CONFIG.game_servers.shutdown_timeout);
  });
});
