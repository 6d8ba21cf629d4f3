// Reads the declarations of a Bicep file from its text, for consistency tests where no Bicep
// compiler is available: params (with their type, default and decorators), vars, resources,
// modules (with the params they pass), outputs, and every identifier the expressions refer to.
// It understands the subset infra/ uses; it is not a Bicep parser.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface BicepParam {
  name: string;
  type: string;
  hasDefault: boolean;
  decorators: string[];
}

export interface BicepModule {
  symbol: string;
  path: string;
  /** The keys of its `params: { … }` block. */
  params: string[];
}

export interface BicepFile {
  file: string;
  text: string;
  /** The text without comments and with string literals reduced to their interpolations. */
  code: string;
  params: BicepParam[];
  vars: string[];
  resources: { symbol: string; type: string; apiVersion: string }[];
  modules: BicepModule[];
  outputs: string[];
}

/** Drops comments, and keeps of each '…' literal only what is inside its ${…} interpolations. */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 2;
    } else if (c === "'") {
      out += ' ';
      i++;
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\') i += 2;
        else if (text[i] === '$' && text[i + 1] === '{') {
          let depth = 1;
          let j = i + 2;
          while (j < text.length && depth > 0) {
            if (text[j] === '{') depth++;
            else if (text[j] === '}') depth--;
            j++;
          }
          out += ` ${codeOnly(text.slice(i + 2, j - 1))} `;
          i = j;
        } else i++;
      }
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The text of the `{ … }` block that starts at or after `from` (braces balanced). */
function blockAfter(code: string, from: number): string {
  const start = code.indexOf('{', from);
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && --depth === 0) return code.slice(start + 1, i);
  }
  throw new Error('unbalanced braces');
}

/** The keys at the top level of a `{ … }` block's text. */
function topLevelKeys(block: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (const line of block.split('\n')) {
    const m = /^\s*(\w+)\s*:/.exec(line);
    if (m && depth === 0) keys.push(m[1]!);
    for (const ch of line) {
      if (ch === '{' || ch === '[' || ch === '(') depth++;
      else if (ch === '}' || ch === ']' || ch === ')') depth--;
    }
  }
  return keys;
}

export function readBicep(file: string): BicepFile {
  const text = readFileSync(file, 'utf8');
  const code = codeOnly(text);
  const lines = text.split('\n');
  const params: BicepParam[] = [];
  lines.forEach((line, n) => {
    const m = /^param\s+(\w+)\s+(\w+)(\s*=.*)?$/.exec(line.trim());
    if (!m) return;
    const decorators: string[] = [];
    for (let k = n - 1; k >= 0 && lines[k]!.trim().startsWith('@'); k--) decorators.push(lines[k]!.trim());
    params.push({ name: m[1]!, type: m[2]!, hasDefault: Boolean(m[3]), decorators });
  });
  const all = (re: RegExp) => [...code.matchAll(re)];
  const modules = all(/^module\s+(\w+)\s+/gm).map((m) => {
    const declared = /^module\s+\w+\s+'([^']+)'/m.exec(text.slice(text.indexOf(`module ${m[1]} `)))!;
    const body = blockAfter(code, m.index + m[0].length);
    const paramsAt = /\bparams\s*:/.exec(body);
    return {
      symbol: m[1]!,
      path: declared[1]!,
      params: paramsAt ? topLevelKeys(blockAfter(body, paramsAt.index)) : [],
    };
  });
  return {
    file,
    text,
    code,
    params,
    vars: all(/^var\s+(\w+)\s*=/gm).map((m) => m[1]!),
    resources: [...text.matchAll(/^resource\s+(\w+)\s+'([^@']+)@([^']+)'/gm)].map((m) => ({
      symbol: m[1]!,
      type: m[2]!,
      apiVersion: m[3]!,
    })),
    modules,
    outputs: all(/^output\s+(\w+)\s+\w+\s*=/gm).map((m) => m[1]!),
  };
}

/** The module files a template uses, read relative to it. */
export function readModules(main: BicepFile): Map<string, BicepFile> {
  return new Map(main.modules.map((m) => [m.symbol, readBicep(path.join(path.dirname(main.file), m.path))]));
}

/** How often `name` appears as a whole identifier in the code, besides its declaration. */
export function uses(file: BicepFile, name: string): number {
  return [...file.code.matchAll(new RegExp(`(?<![\\w.])${name}(?!\\w)`, 'g'))].length - 1;
}

/** `symbol.outputs.NAME` (or `symbol!.outputs.NAME`) references in the code. */
export function outputReferences(file: BicepFile): { symbol: string; output: string }[] {
  return [...file.code.matchAll(/\b(\w+)!?\.outputs\.(\w+)/g)].map((m) => ({ symbol: m[1]!, output: m[2]! }));
}

/** Identifiers used as `x.y` or `x!.y`: what they start with must be declared somewhere. */
export function memberRoots(file: BicepFile): string[] {
  return [...new Set([...file.code.matchAll(/(?<![\w.)\]])([A-Za-z_]\w*)!?\.[A-Za-z_]/g)].map((m) => m[1]!))];
}

/** Names a file declares: params, vars, resources, modules, loop and lambda variables. */
export function declaredNames(file: BicepFile): Set<string> {
  return new Set([
    ...file.params.map((p) => p.name),
    ...file.vars,
    ...file.resources.map((r) => r.symbol),
    ...file.modules.map((m) => m.symbol),
    ...[...file.code.matchAll(/\bfor\s+(\w+)\s+in\b/g)].map((m) => m[1]!),
    ...[...file.code.matchAll(/(\w+)\s*=>/g)].map((m) => m[1]!),
  ]);
}
