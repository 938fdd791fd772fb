/** load-tester entry point (filled by a later issue). */
const HELP = `Usage: load-tester [options]

  --help    show this help

The full CLI arrives with its issue.`;

if (process.argv.includes('--help')) {
  console.log(HELP);
} else {
  console.log('load-tester: not implemented yet. Run with --help.');
}
