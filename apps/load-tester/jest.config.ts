export default {
  displayName: 'load-tester',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
