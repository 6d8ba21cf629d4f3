// The rendered manifest: placeholders filled from the checked values, and the rules Teams' own app
// validation applies on upload that the JSON schema leaves out (short bot commands, unique tab ids,
// https URLs inside validDomains, the icon file names).
import { PackageError } from './package-error.ts';
import { PLACEHOLDER_NAMES, type PackageValues, type PlaceholderName } from './package-env.ts';

/** Teams' own limits, stricter than the JSON schema. */
export const LIMITS = {
  commandTitle: 32,
  commandDescription: 128,
  commandsPerList: 10,
  colorIcon: 192,
  outlineIcon: 32,
} as const;

const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Replaces every `${{NAME}}` in the template's strings; unknown or leftover names are errors. */
export function renderManifest(template: unknown, values: PackageValues): Record<string, unknown> {
  const errors: string[] = [];
  const known = new Set<string>(PLACEHOLDER_NAMES);
  const walk = (node: unknown, at: string): unknown => {
    if (typeof node === 'string')
      return node.replace(PLACEHOLDER, (whole, name: string) => {
        if (!known.has(name)) {
          errors.push(`${at}: unknown placeholder ${whole} (known: ${PLACEHOLDER_NAMES.join(', ')})`);
          return whole;
        }
        return values[name as PlaceholderName];
      });
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${at}[${i}]`));
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, `${at}.${k}`)]));
    return node;
  };
  const out = walk(template, '$');
  if (errors.length) throw new PackageError(errors);
  if (!out || typeof out !== 'object' || Array.isArray(out))
    throw new PackageError(['the manifest template must be a JSON object']);
  return out as Record<string, unknown>;
}

interface BotCommand {
  title?: unknown;
  description?: unknown;
}
interface CommandList {
  scopes?: unknown;
  commands?: BotCommand[];
}

/** Checks Teams' app validation applies on upload that the JSON schema leaves out. */
export function checkManifestRules(manifest: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const bots = (manifest.bots ?? []) as { commandLists?: CommandList[] }[];
  bots.forEach((bot, b) =>
    (bot.commandLists ?? []).forEach((list, l) => {
      const at = `$.bots[${b}].commandLists[${l}]`;
      const commands = list.commands ?? [];
      if (commands.length > LIMITS.commandsPerList)
        errors.push(
          `${at}.commands: at most ${LIMITS.commandsPerList} commands per list, found ${commands.length}`,
        );
      const seen = new Set<string>();
      commands.forEach((c, i) => {
        const title = typeof c.title === 'string' ? c.title : '';
        if (!title.trim()) errors.push(`${at}.commands[${i}].title: must not be empty`);
        if (title.length > LIMITS.commandTitle)
          errors.push(
            `${at}.commands[${i}].title: "${title}" is longer than ${LIMITS.commandTitle} characters`,
          );
        if (seen.has(title.toLowerCase()))
          errors.push(`${at}.commands[${i}].title: "${title}" is listed twice`);
        seen.add(title.toLowerCase());
        if (typeof c.description === 'string' && c.description.length > LIMITS.commandDescription)
          errors.push(
            `${at}.commands[${i}].description: longer than ${LIMITS.commandDescription} characters (${c.description.length})`,
          );
      });
    }),
  );

  const tabs = (manifest.staticTabs ?? []) as { entityId?: string }[];
  const ids = tabs.map((t) => t.entityId);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) errors.push(`$.staticTabs[${i}].entityId: "${id}" is used twice`);
  });

  // Every URL Teams loads must be https and inside validDomains.
  const validDomains = ((manifest.validDomains ?? []) as string[]).map((d) => d.toLowerCase());
  const urlIn = (node: unknown, at: string): void => {
    if (typeof node === 'string' && /^https?:\/\//i.test(node)) {
      if (!node.startsWith('https://')) errors.push(`${at}: "${node}" must be https`);
      else if (/(contentUrl|configurationUrl)$/.test(at)) {
        const host = new URL(node).host.toLowerCase();
        const trusted = validDomains.some((d) =>
          d.startsWith('*.') ? host.endsWith(d.slice(1)) : d === host,
        );
        if (!trusted) errors.push(`${at}: host "${host}" is not in validDomains`);
      }
    } else if (Array.isArray(node)) node.forEach((v, i) => urlIn(v, `${at}[${i}]`));
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) if (k !== '$schema') urlIn(v, `${at}.${k}`);
  };
  urlIn(manifest, '$');
  validDomains.forEach((d, i) => {
    if (/^[a-z]+:\/\/|\//i.test(d)) errors.push(`$.validDomains[${i}]: "${d}" must be a domain, not a URL`);
  });

  const icons = (manifest.icons ?? {}) as Record<string, unknown>;
  if (icons.color !== 'color.png')
    errors.push('$.icons.color: must be "color.png" (the file in the package)');
  if (icons.outline !== 'outline.png')
    errors.push('$.icons.outline: must be "outline.png" (the file in the package)');
  return errors;
}
