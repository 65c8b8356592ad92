// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers of src/, low to high. A file may import from its own folder and from the layers
// below it, never from a layer above or beside it (`tcp` and `udp` are beside each other).
// `index` is src/index.ts, the package's entry point. Tests (*.test.ts) may import any layer
// but one beside their own; src/test-support/ may import anything, and only tests may import
// it. A folder of src/ missing from this table fails lint until it is given a layer.
const LAYERS = [
  ['exn'],
  ['context'],
  ['parameter'],
  ['custodian'], // current-custodian is a parameter
  ['evt'],
  ['thread'],
  ['port'],
  ['print'], // Racket's printer: display, write, print, format
  ['network'],
  ['tcp', 'udp'],
  ['unix'], // racket/unix-socket: TCP's listener queue and ports over a socket path
  ['interop'],
  ['ssl'], // openssl: TLS over TCP ports, unix-socket ports or any ports (interop's streams)
  ['index'],
  ['bench', 'examples', 'reliability', 'conformance'], // conformance: Racket's tests, translated
  ['cli'], // `rnet bench` runs the bench
];
const TEST_ONLY = 'test-support';
const TEST_FILES = ['src/**/*.test.ts'];

/** The folders (and `index`) a file in `name` may not import. */
function forbiddenFor(/** @type {string} */ name) {
  const level = LAYERS.findIndex((layer) => layer.includes(name));
  return [
    ...LAYERS.slice(level)
      .flat()
      .filter((other) => other !== name),
    TEST_ONLY,
  ];
}

/** Reports an import, re-export, `import()` or `import('…')` type of a forbidden module. */
function layerRules(/** @type {string} */ name, /** @type {string} */ prefix) {
  const forbidden = forbiddenFor(name).map((f) => (f === 'index' ? 'index\\.js$' : `${f}/`));
  const regex = `^${prefix}(${forbidden.join('|')})|^racket-net(/|$)`;
  const below = LAYERS.slice(
    0,
    LAYERS.findIndex((layer) => layer.includes(name)),
  ).flat();
  const message =
    `src/${name === 'index' ? 'index.ts' : `${name}/`} may import only from ` +
    `${below.join(', ') || 'nothing in src/'} (the layers below it; see LAYERS in eslint.config.js)`;
  // esquery's regular expressions cannot contain `/`: match it with `\W`.
  const selectorRegex = `/${regex.replaceAll('/', '\\W')}/`;
  return {
    'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
    'no-restricted-syntax': [
      'error',
      { selector: `ImportExpression[source.value=${selectorRegex}]`, message },
      { selector: `TSImportType[argument.literal.value=${selectorRegex}]`, message },
    ],
  };
}

const known = new Set([...LAYERS.flat(), TEST_ONLY]);
const unplaced = readdirSync(new URL('./src', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !known.has(entry.name))
  .map((entry) => entry.name);

const layering = [
  ...LAYERS.flat()
    .filter((name) => name !== 'index')
    .map((name) => ({
      files: [`src/${name}/**/*.{ts,mts,js,mjs}`],
      ignores: TEST_FILES,
      rules: layerRules(name, '(\\.\\./)+'),
    })),
  { files: ['src/*.{ts,mts,js,mjs}'], ignores: TEST_FILES, rules: layerRules('index', '\\./') },
  // Tests may import from any layer, as they test the layers together, but not from a folder
  // beside their own: TCP's tests do not use UDP, nor UDP's tests TCP.
  ...LAYERS.flatMap((layer) =>
    layer.map((name) => ({
      files: [`src/${name}/**/*.test.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: layer
              .filter((other) => other !== name)
              .map((other) => ({
                regex: `^(\\.\\./)+${other}/`,
                message: `src/${name}/ tests may not import src/${other}/, which is beside it`,
              })),
          },
        ],
      },
    })),
  ),
  ...unplaced.map((name) => ({
    files: [`src/${name}/**`],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program',
          message: `src/${name}/ has no layer: add it to LAYERS in eslint.config.js`,
        },
      ],
    },
  })),
];

export default defineConfig(
  globalIgnores(['dist/', 'dist-*/', 'node_modules/', 'coverage/', 'bench-results/', 'docs/api/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  layering,
);
