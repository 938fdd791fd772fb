// The usage text of `npm run load -- --help`.
import { ASSERT_METRICS } from '../report/assertions';
import { GAP_DEFINITION } from '../report/report';
import { CROSS_BORDER_DEFINITION } from '../metrics/cross-border';

/** What `--help` prints. */
export const HELP = `Usage: load-tester --url ws://HOST:PORT/ws [options]
       (from the repository: npm run load -- --url ws://HOST:PORT/ws [options])

Simulates players against an Atlas deployment (or a direct sim-server, or any
WebSocket echo endpoint) and reports connect and handshake times, heartbeat RTT,
action echo latency (HDR percentiles), throughput both ways, transfers with their
handover gaps, loss / duplication / reordering from sequence numbers, errors by
close code, and the tester's own CPU and memory.

Target
  --url URL[,URL...]     Endpoint(s); repeatable. Clients are spread over them (client i
                         uses URL i mod n; atlas mode: the next URL once one cannot be
                         reached, as behind a load balancer). URLs without a path get /ws.
                         Example: --url ws://127.0.0.1:8080/ws --url ws://127.0.0.1:8081/ws
  --mode atlas|direct|raw
                         atlas (default): the Atlas client protocol through a node.
                         direct: the same protocol straight to a sim-server's direct
                         endpoint (sim-server --direct), the baseline without Atlas.
                         raw: plain WebSocket echo; each frame carries an id and a send
                         time, the echo gives RTT and loss. Works with any echo server.
                         Example: --mode raw --url ws://127.0.0.1:9000/
  --token-secret S       Mint signed player tokens (HMAC, the node's security.token_secret,
                         at least 32 characters). Without it tokens are plain names
                         (anonymous players). Example: --token-secret "$ATLAS_SECURITY_TOKEN_SECRET"
  --psk S                A closed deployment's pre-shared key (security.psk), with
  --psk-salt S           its salt (security.psk_salt; required, no default) and --pbkdf2-iterations N
                         (default 600000), as the node has them. Derived once per thread.
                         Example: --psk "$ATLAS_SECURITY_PSK" --psk-salt my-deployment-salt
  --encryption on|off    Encrypted sessions (default on; --no-encryption = off).
                         Example: --encryption off
  --compression on|off   Offer compression codecs (default on; --no-compression = off).

Load
  --clients N            Simulated players (alias --players; default 100). Example: --clients 10000
  --local-address A[,B...]
                         Connect from these local addresses, client i from the i-th
                         (round robin): several loopback addresses give each its own
                         ephemeral ports, for more connections to one node than one
                         address has ports. Example: --local-address 127.0.0.2,127.0.0.3
  --ramp R               How connections open: a duration spreads them ("10s"), a rate
                         opens that many per second ("500/s"); 0 opens all at once
                         (default 1000/s). The ramp counts inside --duration.
                         Example: --ramp 20s
  --duration D           Run length, ramp included (default 30s; 90, 2m, 1m30s, 500ms).
                         Example: --duration 2m
  --scenario NAME|FILE   random-walk (default), border-crossers (walk back and forth
                         across region borders: a transfer per crossing), hotspot (crowd
                         one spot; default where the regions meet), idle (connect, place
                         once, then heartbeats only), crowd (gather into the first region
                         for 2/3 of the run, then disperse; reports the node's region
                         splits and merges), or a JSON/TOML scenario file with
                         phases and mixes of behaviours (see the README).
                         Example: --scenario border-crossers
  --move-rate N          Moves per second per client (default 10). Example: --move-rate 20
  --action-rate N|closed Timed actions per second per client (default 5); "closed" sends the
                         next one when the echo returns (--window in flight). In raw mode
                         this is the frame rate. Example: --action-rate closed --window 4
  --window N             Closed loop: actions in flight per client (default 1).
  --rtt-rate N           Heartbeat RTT samples per second per client, spread over the
                         clients, besides the node's own heartbeat interval (default 1;
                         0 = node heartbeats only). Example: --rtt-rate 0.2
  --payload BYTES        Action (raw: frame) payload size, at least 12 (default 64; 4k ok).
                         Example: --payload 256
  --world minX,minY,maxX,maxY
                         The world the players walk in (default 0,0,2000,2000, the demo's).
  --grid CxR             Its regions (default 2x2): where border crossers cross.
                         Example: --world 0,0,1000,1000 --grid 2x2
  --speed U              Walking speed, units/s (default 80). --amplitude U: how far border
                         crossers go past the border (default 120).
  --settle D             After the run, wait this long for echoes in flight (default 3s).
  --no-reconnect         Do not reconnect (and resume) after an unexpected close (by default
                         retried every 50-150 ms, 80 times; latency.resume is the close
                         to the resumed Welcome).
  --seed N               Seed of the behaviours' randomness, for repeatable runs.
  --workers N            Worker threads (default 1): one Node thread saturates about one
                         core, so use up to the cores you can spare. Example: --workers 2

Cross-border visibility (atlas and direct modes)
  --cross-border         Measure how soon a player's moves show, as a ghost, in the StateSyncs
                         a neighbouring server sends its own players, and how many of the
                         players it should show it does (recall). The first --observers
                         clients stand still 10 units inside a region border and watch; the
                         others follow the scenario. --world and --grid must be the
                         deployment's. Example: --cross-border --scenario border-crossers
  --observers N          Observer clients (default 16; fewer than --clients).
  --ghost-distance U     The node's spatial.ghost_distance (default 100, the preload distance).
  --sync-radius U        The sim-server's --sync-radius (default 50): StateSyncs list the
                         players within it.
  --cross-border-window D
                         A player counts as one the observer should see only once it has
                         been in range this long (default 300ms: the ghost rings' longest
                         hold, 250 ms by default, plus transport).
  --inner-ring U         The node's innermost ghost ring in units (default 25: the first
                         spatial.ghost_rings fraction, 0.25, of the ghost distance). Delay
                         samples of moves within it are also reported apart (xinner).

Output
  --out FILE             Write the JSON report. Example: --out report.json
  --html FILE            Write a self-contained HTML report (inline SVG charts, opens
                         offline). Example: --html report.html
  --assert LIST          Checks for CI; exit code 1 when one fails. Comma-separated,
                         repeatable. Metrics: ${ASSERT_METRICS}.
                         A bare percentile is action echo latency. loss = actions never
                         echoed + server messages missing; errors = failed connects +
                         unexpected closes + in-band errors (as % of connection attempts).
                         xborder.p99 is the cross-border delay, recall its recall.
                         Example: --assert "p99<50ms,loss=0,errors<1%,gap.p99<20ms"
                         Example: --assert "xborder.p99<620ms,recall>=99%"
  --json                 Print the JSON report on stdout instead of the table.
  --quiet                No progress line.
  --help                 This help.

Progress goes to stderr once a second (rewritten in place on a terminal, one line per
second when piped); the final table goes to stdout. Ctrl-C ends the run early and
still reports.

Transfers: ${GAP_DEFINITION}

Cross-border: ${CROSS_BORDER_DEFINITION}

The tester reports its own CPU: when it was saturated (a thread's event loop or the
process above ~90% of its cores) the report says so, because a saturated generator
makes any server look slow.

Exit codes: 0 ok, 1 an assertion failed, 2 invalid options, 3 the run failed (it could
not run, or no connection was established; the reports are still written).

Examples
  npm run load -- --url ws://127.0.0.1:8080/ws --clients 200 --duration 30s
  npm run load -- --url ws://127.0.0.1:8080/ws --scenario border-crossers --clients 1000 \\
      --ramp 10s --assert "p99<50ms,loss=0,gap.p99<20ms" --html report.html
  npm run load -- --mode direct --url ws://127.0.0.1:7201/ws --clients 1000
  npm run load -- --mode raw --url ws://127.0.0.1:9000/ --clients 100 --action-rate 100
  npm run load -- --url ws://127.0.0.1:8080/ws --scenario idle --clients 10000 --ramp 20s --duration 60s
`;
