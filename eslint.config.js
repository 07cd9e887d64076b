import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', '.cache', 'dist', 'data', 'src/db/generated', 'coverage'] },
  js.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts', 'src/domain/**/sop-test-fixtures.ts'],
    rules: {
      // The SOP core stays pure: no I/O, no adapters.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:fs*',
                'node:net',
                'node:child_process',
                'fs',
                'imapflow',
                'nodemailer',
                'mailparser',
                '@prisma/*',
                '**/db/**',
                '**/mail/**',
                '**/documents/**',
              ],
              message: 'src/domain is pure: no I/O or adapters.',
            },
          ],
        },
      ],
    },
  },
);
