export default {
  displayName: 'atlas-node',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
