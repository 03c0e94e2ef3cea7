// Lint enforces DESIGN.md's layer boundaries and bans raw IPC outside the typed helper.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noElectron = { name: 'electron', message: "Only electron/main and electron/preload may import 'electron'." };
const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed IPC helper in electron/main/ipc (or the preload bridge); raw IPC is banned.',
};

const preloadImports = {
  regex: '^(?!electron$|\\.\\./\\.\\./shared/contract-names$|\\./).*',
  message: 'The preload is bundled whole: import only electron, shared/contract-names and its own files.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'shared/ is pure: no Node modules.' }))],
          patterns: [
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing but shared/ (and zod).' },
            { regex: '^(?!zod$|\\./|\\.\\./(?!\\.\\./)).*', message: 'shared/ imports nothing but shared/ (and zod).' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a browser.' }))],
          patterns: [{ group: ['**/electron/**'], message: 'renderer/ talks to electron/ only through the contract.' }],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/web/**/*.ts', 'electron/cli/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/renderer/**'] }] }],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/ipc/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [rawIpc], patterns: [{ group: ['**/renderer/**'] }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name=/^(ipcMain|ipcRenderer)$/]", message: rawIpc.message },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    ignores: ['electron/preload/index.ts', 'electron/preload/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [rawIpc], patterns: [preloadImports] }],
      'no-restricted-syntax': [
        'error',
        { selector: 'MemberExpression[property.name=/^(ipcMain|ipcRenderer)$/]', message: rawIpc.message },
      ],
    },
  },
  {
    files: ['electron/preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [preloadImports] }] },
  },
);
