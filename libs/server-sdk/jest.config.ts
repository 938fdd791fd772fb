export default {
  displayName: 'server-sdk',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
