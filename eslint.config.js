import tseslint from 'typescript-eslint';

export default tseslint.config(
  // k6 scripts run in k6's own JavaScript runtime, not Node. web/ is the Qwik panel: browser code
  // with JSX, type-checked by its own tsconfig, which the project service finds.
  { ignores: ['node_modules/', 'data/', 'dist/', 'tests/artifacts/', 'ops/k6/', 'web/dist/', 'web/server/', 'web/tmp/'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fastify plugins and handlers are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Qwik hands tasks a context object whose functions (track, cleanup) are meant to be destructured.
    files: ['web/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // The domain is pure: no I/O, no frameworks, no clock.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'pg',
                'fastify',
                '@fastify/*',
                'grammy',
                '@builder.io/*',
                '@event-driven-io/*',
                '**/core/**',
                '**/api/**',
                '**/bot/**',
                '**/mail/**',
                '**/projections/**',
              ],
              message: 'domain/ stays pure',
            },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'time comes in commands' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'time comes in commands' },
      ],
    },
  },
  {
    // Read models depend on domain types only.
    files: ['projections/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '**/api/**', '**/bot/**', '**/mail/**', 'fastify', '@fastify/*', 'grammy'],
              message: 'projections/ import domain types only',
            },
          ],
        },
      ],
    },
  },
  {
    // The application layer: what the system does, whatever the transport. Adapters call it, never the reverse.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'fastify',
                '@fastify/*',
                'grammy',
                '@grammyjs/*',
                '@maxhub/*',
                'nodemailer',
                '**/api/**',
                '**/bot/**',
                '**/channels/**',
                '**/conversation/**',
                '**/mail/**',
              ],
              message: 'core/ imports no transport and no adapter',
            },
          ],
        },
      ],
    },
  },
  {
    // Adapters meet only in the application layer: the HTTP API never reaches into a channel.
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['grammy', '@grammyjs/*', '@maxhub/*', 'nodemailer', '**/bot/**', '**/channels/**', '**/mail/**'],
              message: 'api/ imports no other adapter',
            },
          ],
        },
      ],
    },
  },
  {
    // The bot is an adapter: it reads read models through their queries.ts and runs no SQL of its own there.
    files: ['bot/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'pg',
              allowTypeImports: true,
              message: 'bot/ gets its pool handed in; queries live in core/ and projections/',
            },
          ],
          patterns: [
            {
              group: ['fastify', '@fastify/*', 'nodemailer', '@maxhub/*', '**/api/**', '**/mail/**', '**/channels/**'],
              message: 'bot/ imports no other adapter',
            },
            {
              // Everything under projections/ but a read model's queries.ts and the shared event type and poll loop.
              regex: String.raw`(^|/)projections/(?!([^/]+/queries|recorded-event|poll-loop)\.ts$)`,
              message: 'bot/ reads read models through their queries.ts, not the reader, schemas or folds',
            },
          ],
        },
      ],
    },
  },
  {
    // The booking conversation is written once for every messenger: no transport, no adapter, no HTTP.
    files: ['conversation/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'grammy',
                '@grammyjs/*',
                '@maxhub/*',
                'fastify',
                '@fastify/*',
                'nodemailer',
                '**/api/**',
                '**/bot/**',
                '**/channels/**',
                '**/mail/**',
              ],
              message: 'conversation/ imports no transport and no adapter',
            },
          ],
        },
      ],
    },
  },
  {
    // A messenger adapter other than Telegram's: it renders the conversation and imports no other adapter.
    files: ['channels/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['grammy', '@grammyjs/*', 'fastify', '@fastify/*', 'nodemailer', '**/api/**', '**/bot/**', '**/mail/**'],
              message: 'channels/ imports no other adapter',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['mail/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['fastify', '@fastify/*', 'grammy', '**/api/**', '**/bot/**'], message: 'mail/ imports no other adapter' },
          ],
        },
      ],
    },
  },
  {
    // The HTTP contract is data and types only: the server and the panel both read it. Of the server it
    // reads only domain/'s pure lists (statuses, channels, fields), so a vocabulary is stated once.
    files: ['contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*', '!../domain'], message: 'contract/ imports nothing of the server but domain/ lists' },
            {
              group: ['json-schema-to-ts'],
              allowTypeImports: true,
              message: 'contract/ takes only types from json-schema-to-ts',
            },
          ],
        },
      ],
    },
  },
  {
    // The panel meets the server only in contract/, and only for its types: no schema and no server
    // code reaches the bundle. The exceptions are pure tables the panel needs at run time and must not
    // copy: the importer's field list, upload limits and reasons in words, the booking status moves (what a drag may do),
    // the phone notations (a whole number typed in a search is a client), a day's open and closed spans (the calendar's shading),
    // and the names under which the API hands the server-side render its context (contract/panel-render).
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/contract/**', '!**/contract/panel-render.ts'],
              allowTypeImports: true,
              message: 'web/ imports contract/ type-only',
            },
            {
              regex:
                '(^|/)(domain/(?!(import/(fields|limits|rejection-words)|booking/status-moves|shared/phone|catalog/slot-steps|catalog/day-spans|staff/role-reach)\\.ts$)|core/|api/|projections/|bot/|mail/|ops/|composition-root)',
              message: 'web/ reaches the server only through contract/ (type-only)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
