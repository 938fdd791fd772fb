export default {
  displayName: 'horizon-peer',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
