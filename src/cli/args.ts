// Command-line parsing for every bsq command: a declarative option table per command (parsed with
// node:util parseArgs, strict), the generated --help text, and typed accessors that turn malformed
// values into UsageError (exit code 2).
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder shown in help, e.g. "<file>". */
  arg?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Synopsis lines (without the leading "bsq "). */
  usage: string[];
  /** Paragraph(s) after the synopsis. */
  description?: string;
  options: Record<string, OptionSpec>;
  /** Allowed number of positional arguments. */
  positionals: { min: number; max: number };
  examples?: string[];
}

/** Options every command understands. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', help: 'show this help and exit' },
  verbose: { type: 'boolean', help: 'print stack traces on errors' },
  quiet: { type: 'boolean', short: 'q', help: 'no progress output on stderr' },
};

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/** Parse argv (after the command name) against a command's option table. Throws UsageError. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const all = { ...spec.options, ...COMMON_OPTIONS };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, o] of Object.entries(all)) {
    options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    // Node says "argument is ambiguous" for a value that starts with a dash (--seed -5); its hint
    // (write --seed=-5) is on a later line of the message.
    const dash = /^Option '(-[^ ']+)' argument is ambiguous/.exec(msg);
    if (dash) throw new UsageError(`option '${dash[1]}' is followed by a value that starts with a dash; write ${dash[1]}=<value> (e.g. ${dash[1]}=-5)`);
    throw new UsageError(msg.split('\n')[0].replace(/^Option '--([^ ']+) <value>' argument missing$/, "option '--$1' needs a value"));
  }
  const values: OptionValues = {};
  for (const [k, v] of Object.entries(parsed.values)) values[k] = v as string | boolean; // the last one wins
  if (values.help) return { values, positionals: parsed.positionals };
  const n = parsed.positionals.length;
  if (n < spec.positionals.min) throw new UsageError(n === 0 ? 'missing input file' : 'missing argument');
  if (n > spec.positionals.max) {
    throw new UsageError(`unexpected argument '${parsed.positionals[spec.positionals.max]}'`);
  }
  return { values, positionals: parsed.positionals };
}

/** The --help text of a command. */
export function formatHelp(spec: CommandSpec): string {
  const lines: string[] = [];
  lines.push(`bsq ${spec.name}: ${spec.summary}`, '', 'Usage:');
  // A usage line that starts with spaces continues the one before it.
  for (const u of spec.usage) lines.push(u.startsWith(' ') ? `  ${u}` : `  bsq ${u}`);
  if (spec.description) lines.push('', ...spec.description.split('\n'));
  lines.push('', 'Options:');
  const entries = Object.entries({ ...spec.options, ...COMMON_OPTIONS });
  const left = entries.map(([name, o]) => {
    const short = o.short ? `-${o.short}, ` : '    ';
    return `  ${short}--${name}${o.type === 'string' ? ` ${o.arg ?? '<value>'}` : ''}`;
  });
  const width = Math.min(34, Math.max(...left.map((l) => l.length)) + 2);
  entries.forEach(([, o], i) => {
    const l = left[i];
    if (l.length + 1 >= width) lines.push(l, ' '.repeat(width) + o.help);
    else lines.push(l.padEnd(width) + o.help);
  });
  if (spec.examples?.length) {
    lines.push('', 'Examples:');
    for (const e of spec.examples) lines.push(`  ${e}`);
  }
  return lines.join('\n') + '\n';
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function requireString(values: OptionValues, name: string): string {
  const v = stringOption(values, name);
  if (v === undefined) throw new UsageError(`option '--${name}' is required`);
  if (v === '') throw new UsageError(`option '--${name}' needs a non-empty value`);
  return v;
}

export function intOption(
  values: OptionValues,
  name: string,
  opts: { min?: number; max?: number; default: number },
): number;
export function intOption(values: OptionValues, name: string, opts?: { min?: number; max?: number }): number | undefined;
export function intOption(
  values: OptionValues,
  name: string,
  opts: { min?: number; max?: number; default?: number } = {},
): number | undefined {
  const v = stringOption(values, name);
  if (v === undefined) return opts.default;
  if (!/^[+-]?\d+$/.test(v.trim())) throw new UsageError(`option '--${name}' expects an integer, got '${v}'`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new UsageError(`option '--${name}' is out of range: ${v}`);
  if (opts.min !== undefined && n < opts.min) throw new UsageError(`option '--${name}' must be at least ${opts.min}, got ${v}`);
  if (opts.max !== undefined && n > opts.max) throw new UsageError(`option '--${name}' must be at most ${opts.max}, got ${v}`);
  return n;
}

export function floatOption(
  values: OptionValues,
  name: string,
  opts: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean } = {},
): number | undefined {
  const v = stringOption(values, name);
  if (v === undefined) return undefined;
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`option '--${name}' expects a number, got '${v}'`);
  if (opts.min !== undefined && (opts.exclusiveMin ? n <= opts.min : n < opts.min)) {
    throw new UsageError(`option '--${name}' must be ${opts.exclusiveMin ? 'greater than' : 'at least'} ${opts.min}, got ${v}`);
  }
  if (opts.max !== undefined && (opts.exclusiveMax ? n >= opts.max : n > opts.max)) {
    throw new UsageError(`option '--${name}' must be ${opts.exclusiveMax ? 'less than' : 'at most'} ${opts.max}, got ${v}`);
  }
  return n;
}

export function choiceOption<T extends string>(values: OptionValues, name: string, choices: readonly T[]): T | undefined {
  const v = stringOption(values, name);
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v)) {
    throw new UsageError(`option '--${name}' must be one of ${choices.join(', ')}; got '${v}'`);
  }
  return v as T;
}

/** A comma-separated list option, empty items dropped; an item given twice is a usage error. */
export function listOption(values: OptionValues, name: string): string[] | undefined {
  const v = stringOption(values, name);
  if (v === undefined) return undefined;
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const twice = items.find((s, i) => items.indexOf(s) !== i);
  if (twice !== undefined) throw new UsageError(`option '--${name}' lists '${twice}' twice`);
  return items;
}
