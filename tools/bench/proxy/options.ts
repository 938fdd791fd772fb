// Command-line options of the proxy benchmark (`npm run bench -- proxy [flags]`).

/** How much to run. */
export interface BenchOptions {
  /** Repetitions of the interleaved comparison (direct, nginx, atlas-node, atlas-node encrypted). */
  readonly reps: number;
  /** Repetitions of the idle-memory and border-crossers runs. */
  readonly sideReps: number;
  /** Idle encrypted players for the memory figure. */
  readonly idlePlayers: number;
  /** Seconds to follow the idle node's RSS after the as-held reading (0: not at all). */
  readonly idleHoldS: number;
  /** Border-crossers: clients and seconds. */
  readonly crossers: number;
  readonly crossersS: number;
  /** Measure-phase seconds of each comparison load. */
  readonly measureS: number;
  readonly build: boolean;
  /** Start atlas-node with --cpu-prof (profiles land in tmp/bench/proxy/prof). */
  readonly profile: boolean;
  /** Node.js flags every atlas-node of the run starts with (e.g. --max-semi-space-size=1). */
  readonly nodeFlags: readonly string[];
  /** Heap snapshot diff: idle encrypted players N (diffed against 2N). */
  readonly heapPlayers: number;
  /** Player counts of the scale curve (default 2,000 to the open-file limit). */
  readonly scaleSteps: readonly number[] | undefined;
  /** Sections to run (default all). */
  readonly sections: ReadonlySet<Section>;
  /** Who dials the comparison's game-server link: the sim-server dials the node's uWS link listener (default), or the node dials the sim-server. */
  readonly links: 'server-dials' | 'node-dials';
}

/** The parts of the benchmark. */
export const Sections = { Compare: 'compare', Idle: 'idle', Transfers: 'transfers', Generator: 'generator', Scale: 'scale', Heap: 'heap', Alloc: 'alloc' } as const;
/** One of `Sections`. */
export type Section = (typeof Sections)[keyof typeof Sections];

/** The usage text. */
export const USAGE = `npm run bench -- proxy [--quick] [--reps=N] [--idle=N] [--no-build] [--profile] [--only=compare,idle,transfers,generator,heap,alloc,scale] [--heap[=N]] [--scale[=N,..]]
  (values need "=": run.mjs treats a bare word as a benchmark name)
  --quick        2 repetitions, short windows, 2,000 idle players (a smoke run, ~2-3 min)
  --reps=N       repetitions of the interleaved comparison (default 5)
  --idle=N       idle encrypted players for the memory figure (default 10,000)
  --idle-hold=S  also follow the idle node's RSS for S seconds after the as-held reading,
                 before the forced GC (lowest, highest and last; default 0: not at all)
  --no-build     use the built apps as they are (default: nx build atlas-node sim-server first)
  --profile      run atlas-node under --cpu-prof (written to tmp/bench/proxy/prof)
  --node-flags=F every atlas-node of the run starts with these Node.js flags, comma-separated,
                 after its shipped ones (apps/atlas-node/v8-flags.json; a repeated V8 flag
                 takes the last value: --node-flags=--max-semi-space-size=16 is Node's default)
  --links=WHO    the comparison's game-server link: server (default: the sim-server dials
                 the node's uWebSockets.js link listener) or node (the node dials it, ws)
  --only=LIST    run only these sections (compare includes generator; heap and scale as --heap,
                 --scale; alloc: what the node allocates per message and where, by V8's
                 sampling heap profiler under 100 clients, plaintext and encrypted, ~40 s)
  --heap[=N]     also diff the node's heap between N and 2N idle encrypted players (default
                 5,000; --only=heap for just that), by kind of object, per player
  --scale[=N,..] also run the scale curve: idle encrypted players on one node from 2,000
                 to the open-file limit (~19,500 here), a fresh node per step, ~5 min;
                 or only the player counts given
  ATLAS_BENCH_NGINX=PATH picks the nginx binary (default: /usr/sbin/nginx or PATH)`;

function linksOf(v: string | undefined): BenchOptions['links'] {
  if (v === undefined || v === 'server') return 'server-dials';
  if (v === 'node') return 'node-dials';
  throw new Error(`--links must be server or node, got "${v}"\n${USAGE}`);
}

/** Parses the flags run.mjs passes through. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const value = (name: string): string | undefined => {
    return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const reps = Number(value('--reps') ?? (quick ? 2 : 5));
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be an integer >= 1\n${USAGE}`);
  const all = Object.values(Sections) as Section[];
  const only = value('--only');
  // The scale curve, the heap diff and the allocation profile are long or diagnostic: only on request.
  const sections = new Set<Section>(only === undefined ? all.filter((s) => s !== Sections.Scale && s !== Sections.Heap && s !== Sections.Alloc) : (only.split(',') as Section[]));
  const heapArg = argv.find((a) => a === '--heap' || a.startsWith('--heap='));
  if (heapArg !== undefined) sections.add(Sections.Heap);
  const heapPlayers = Number(heapArg?.includes('=') === true ? heapArg.slice('--heap='.length) : 5000);
  if (!Number.isInteger(heapPlayers) || heapPlayers < 1) throw new Error(`--heap=N: N is a whole number of players\n${USAGE}`);
  const scaleArg = argv.find((a) => a === '--scale' || a.startsWith('--scale='));
  if (scaleArg !== undefined) sections.add(Sections.Scale);
  const scaleSteps = scaleArg?.includes('=') ? scaleArg.slice('--scale='.length).split(',').map(Number) : undefined;
  if (scaleSteps?.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--scale=N,...: player counts are whole numbers\n${USAGE}`);
  const idleHoldS = Number(value('--idle-hold') ?? 0);
  if (!Number.isInteger(idleHoldS) || idleHoldS < 0) throw new Error(`--idle-hold=S: S is a whole number of seconds\n${USAGE}`);
  for (const s of sections) if (!all.includes(s)) throw new Error(`--only: unknown section "${s}"\n${USAGE}`);
  return {
    reps,
    sideReps: quick ? 1 : 3,
    idlePlayers: Number(value('--idle') ?? (quick ? 2000 : 10_000)),
    idleHoldS,
    crossers: 200,
    crossersS: quick ? 10 : 20,
    measureS: quick ? 3 : 4,
    build: !argv.includes('--no-build'),
    profile: argv.includes('--profile'),
    nodeFlags: (value('--node-flags') ?? '').split(',').filter((f) => f !== ''),
    heapPlayers,
    scaleSteps,
    sections,
    links: linksOf(value('--links')),
  };
}
