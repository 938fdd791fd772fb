/**
 * The per-game-server gauges (`atlas_players`, `atlas_upstream_link_state`,
 * `atlas_server_load`), labelled
 * with the server's id and its registered name. Values live in plain maps and are
 * written into the gauges when the registry is read, so a name learnt (or changed)
 * after a player attached still labels one series, never two.
 */
import { Gauge, type Registry } from 'prom-client';

/** Values of the `atlas_upstream_link_state` gauge (numbers, so alerts can say `< 2`). */
export const LinkStateValue = { Down: 0, Connecting: 1, Up: 2 } as const;
/** One of {@link LinkStateValue}. */
export type LinkStateValue = (typeof LinkStateValue)[keyof typeof LinkStateValue];

type ServerLabels = 'server' | 'server_name';

/** Players and link state per game server. */
export class ServerSeries {
  /** Players of this node attached to each game server. */
  readonly players: Gauge<ServerLabels>;
  /** This node's link to each game server: see {@link LinkStateValue}. */
  readonly linkState: Gauge<ServerLabels>;
  /** Each game server's reported load (0..1), as the registry held it at the last sync. */
  readonly load: Gauge<ServerLabels>;

  private readonly names = new Map<string, string>();
  private readonly playerCounts = new Map<string, number>();
  private readonly links = new Map<string, LinkStateValue>();
  private readonly loads = new Map<string, number>();

  constructor(prefix: string, registers: Registry[]) {
    const names = this.names;
    // Each gauge is filled from its map at scrape time, labelled with the names known then.
    const gauge = (name: string, help: string, values: ReadonlyMap<string, number>): Gauge<ServerLabels> =>
      new Gauge({
        name: `${prefix}${name}`,
        help,
        labelNames: ['server', 'server_name'] as const,
        registers,
        collect() {
          this.reset();
          for (const [id, value] of values) this.labels(id, names.get(id) ?? '').set(value);
        },
      });
    this.players = gauge('players', 'Players of this node attached to each game server (server = id, server_name = registered name).', this.playerCounts);
    this.linkState = gauge('upstream_link_state', 'Upstream link state per game server: 0 down, 1 connecting, 2 up.', this.links);
    this.load = gauge('server_load', 'Load each game server reports (0..1), from the cluster registry.', this.loads);
  }

  /** Records the registry's view of these servers: names (unknown ids keep '') and loads. */
  update(servers: readonly { readonly id: string; readonly name: string; readonly load: { readonly load: number } }[]): void {
    for (const s of servers) {
      this.names.set(s.id, s.name);
      this.loads.set(s.id, s.load.load);
    }
  }

  /** Adds `delta` players to a server's count. */
  addPlayers(serverId: string, delta: number): void {
    this.playerCounts.set(serverId, (this.playerCounts.get(serverId) ?? 0) + delta);
  }

  /** Sets a server's link state. */
  setLink(serverId: string, state: LinkStateValue): void {
    this.links.set(serverId, state);
  }

  /** Drops every series of a server that left the registry. */
  forget(serverId: string): void {
    this.names.delete(serverId);
    this.playerCounts.delete(serverId);
    this.links.delete(serverId);
    this.loads.delete(serverId);
  }
}
