export default {
  displayName: 'session',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
