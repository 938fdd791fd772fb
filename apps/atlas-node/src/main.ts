/** atlas-node entry point (filled by a later issue). */
const HELP = `Usage: atlas-node [options]

  --help    show this help

The full CLI arrives with its issue.`;

if (process.argv.includes('--help')) {
  console.log(HELP);
} else {
  console.log('atlas-node: not implemented yet. Run with --help.');
}
