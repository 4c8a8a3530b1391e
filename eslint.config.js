// ESLint (flat config): typescript-eslint's recommended rules on every package, React's hooks rules on
// the web app. Formatting is Prettier's job (npm run format:check), so no stylistic rules here.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'data/**', 'reports/**', '.stryker-tmp/**', 'packages/server/.template/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Route handlers and Kysely's dynamic builders are typed at their edges (zod, the Database
      // interface); an `any` at a framework seam is allowed, but never silently: it must be written.
      '@typescript-eslint/no-explicit-any': 'off',
      // `_unused` arguments keep a callback's signature readable.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Non-null assertions mark facts the query guarantees (a left join's column known present).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
