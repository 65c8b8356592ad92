/** Command-line parsing shared by the commands (node:util's parseArgs, strict). */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export interface CommandOptions {
  readonly udp: boolean;
  readonly keep: boolean;
  readonly help: boolean;
  readonly host: string | undefined;
  readonly wait: string | undefined;
  /** `--unix PATH`: a unix socket instead of a host and port. */
  readonly unix: string | undefined;
  /** `--tls` and its options (see tls.ts). */
  readonly tls: boolean;
  readonly insecure: boolean;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  readonly cafile: string | undefined;
  readonly alpn: string | undefined;
  readonly positionals: string[];
}

type OptionName = 'udp' | 'keep' | 'host' | 'wait' | 'unix' | TlsOptionName;

type TlsOptionName = 'tls' | 'insecure' | 'cert' | 'key' | 'cafile' | 'alpn';

/** The TLS options of a client (`connect`) and of a server (`listen`, `echo`). */
export const TLS_CLIENT_OPTIONS: readonly TlsOptionName[] = ['tls', 'insecure', 'cafile', 'alpn'];
export const TLS_SERVER_OPTIONS: readonly TlsOptionName[] = ['tls', 'cert', 'key', 'alpn'];

const OPTION_SPECS = {
  udp: { type: 'boolean' },
  keep: { type: 'boolean' },
  host: { type: 'string' },
  wait: { type: 'string' },
  unix: { type: 'string' },
  tls: { type: 'boolean' },
  insecure: { type: 'boolean' },
  cert: { type: 'string' },
  key: { type: 'string' },
  cafile: { type: 'string' },
  alpn: { type: 'string' },
} as const;

/** Parses `args`, accepting only the options named in `allowed` (and `--help`). */
export function parseCommand(args: string[], allowed: readonly OptionName[]): CommandOptions {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const name of allowed) options[name] = OPTION_SPECS[name];
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs's messages go on with advice; the first sentence says what was wrong.
    throw new UsageError(String((error as Error).message).split(/\.\s|\n/)[0]!);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  return {
    udp: v.udp === true,
    keep: v.keep === true,
    help: v.help === true,
    host: typeof v.host === 'string' ? v.host : undefined,
    wait: typeof v.wait === 'string' ? v.wait : undefined,
    unix: typeof v.unix === 'string' ? v.unix : undefined,
    tls: v.tls === true,
    insecure: v.insecure === true,
    cert: typeof v.cert === 'string' ? v.cert : undefined,
    key: typeof v.key === 'string' ? v.key : undefined,
    cafile: typeof v.cafile === 'string' ? v.cafile : undefined,
    alpn: typeof v.alpn === 'string' ? v.alpn : undefined,
    positionals: parsed.positionals,
  };
}

/**
 * A port number as given: digits become a number; anything else is passed on as it is, so
 * `tcpListen`/`tcpConnect` raise their own contract error (`expected: … given: "abc"`).
 */
export function portArgument(text: string): number {
  return (/^[0-9]+$/.test(text) ? Number(text) : text) as number;
}

export function expectPositionals(options: CommandOptions, names: readonly string[]): string[] {
  const { positionals } = options;
  if (positionals.length < names.length) {
    throw new UsageError(`missing ${names.slice(positionals.length).join(' ')}`);
  }
  if (positionals.length > names.length) {
    throw new UsageError(`unexpected argument: ${positionals[names.length]}`);
  }
  return positionals;
}
