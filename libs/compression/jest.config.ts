export default {
  displayName: 'compression',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
