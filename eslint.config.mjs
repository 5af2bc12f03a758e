// ESLint flat config. The one architectural rule: `vscode` may be imported only by the client,
// so the core, the language server and the CLI stay runnable in plain Node and any LSP editor.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', 'artifacts/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', require: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', clearImmediate: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['core/**/*.ts', 'server/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Only client/src may import vscode: the core, server and CLI must stay pure.' }],
        patterns: [{ group: ['**/client/src/**'], message: 'The core, server and CLI must not depend on the VS Code client.' }],
      }],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'The core is pure: no vscode import.' },
          { name: 'vscode-languageserver', message: 'The core returns LSP types (vscode-languageserver-types); only server/src talks to the connection.' },
          { name: 'vscode-languageserver/node', message: 'Only server/src talks to the connection.' },
        ],
        patterns: [{ group: ['**/client/src/**', '**/server/src/**', '**/cli/src/**'], message: 'The core must not depend on its front ends.' }],
      }],
    },
  },
);
