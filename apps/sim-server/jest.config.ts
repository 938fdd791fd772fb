export default {
  displayName: 'sim-server',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
