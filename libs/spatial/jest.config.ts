export default {
  displayName: 'spatial',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
