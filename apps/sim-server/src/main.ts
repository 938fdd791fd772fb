/** sim-server entry point (filled by a later issue). */
const HELP = `Usage: sim-server [options]

  --help    show this help

The full CLI arrives with its issue.`;

if (process.argv.includes('--help')) {
  console.log(HELP);
} else {
  console.log('sim-server: not implemented yet. Run with --help.');
}
