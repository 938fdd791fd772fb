/** Fills the admin page's counter and server tables and its header line from one state. */
import type { AdminState } from '../map-contract';

function row(cells: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
  }
  return tr;
}

function fill(id: string, rows: readonly (readonly string[])[]): void {
  const body = document.getElementById(id);
  if (body === null) return;
  body.replaceChildren(...rows.map(row));
}

/** Rewrites `#counters`, `#servers` and `#node` for `state`. */
export function fillTables(state: AdminState): void {
  const c = state.counters;
  const drawn = state.players_total > state.players.length ? ` (${state.players.length} drawn)` : '';
  fill('counters', [
    ['players', `${c.players}${drawn}`],
    ['connections', String(c.connections)],
    ['messages in / out', `${c.messages_in} / ${c.messages_out}`],
    ['bytes in / out', `${c.bytes_in} / ${c.bytes_out}`],
    ['transfers started / completed / aborted', `${c.transfers_started} / ${c.transfers_completed} / ${c.transfers_aborted}`],
    ['handshake failures', String(c.handshake_failures)],
    ['decode errors', String(c.decode_errors)],
    ['backpressure drops', String(c.backpressure_drops)],
    ['event-loop busy', `${Math.round(c.event_loop_utilisation * 100)}%`],
    ['map plane', `${state.plane.h} / ${state.plane.v}`],
  ]);
  fill(
    'servers',
    state.servers.map((s) => [s.name, s.status, s.link ?? '-', `${Math.round(s.utilisation * 100)}%`, `${s.players} / ${s.capacity}`, s.accepting ? 'yes' : 'no']),
  );
  const node = document.getElementById('node');
  if (node === null) return;
  const store = state.store_error === null ? '' : ` - cluster store: ${state.store_error}`;
  node.textContent = `${state.node.id} - ${state.node.state}${state.node.ready ? ', ready' : ', not ready'}${store}`;
}
