// Jest transform for the few npm packages published only as ES modules (the
// Kubernetes client and its dependencies): esbuild rewrites each file to CommonJS,
// since Jest's module system on Node 20 cannot require() ES modules. Node itself
// can (require(esm), Node >= 20.19), so only tests need this.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, { loader: 'js', format: 'cjs', target: 'node20', sourcemap: 'external', sourcefile: filename, logLevel: 'silent' });
    return { code, map };
  },
};
