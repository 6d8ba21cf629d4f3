// infra/ as far as it can be checked without a Bicep compiler (none could be fetched where these
// templates were written; docs/go-live.md starts with `az bicep build`): every param is used, every
// module gets the params it declares and no others, every output referenced exists, every
// identifier an expression starts from is declared, the parameters file matches the template,
// secrets come from the git-ignored .user file, and the alert rules watch the app's metrics.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricNames } from '../../src/telemetry/metric-names.ts';
import {
  declaredNames,
  memberRoots,
  outputReferences,
  readBicep,
  readModules,
  uses,
  type BicepFile,
} from './bicep-text.ts';

const root = path.join(import.meta.dirname, '..', '..');
const main = readBicep(path.join(root, 'infra', 'azure.bicep'));
const modules = readModules(main);
const files: BicepFile[] = [main, ...modules.values()];
const parameters = JSON.parse(readFileSync(path.join(root, 'infra', 'azure.parameters.json'), 'utf8')) as {
  parameters: Record<string, { value: unknown }>;
};

/** The app's instruments (issue 14, item 6), as the telemetry work names them. */
// The names the app emits (src/telemetry/metric-names.ts): an alert on any other name would never fire.
const APP_METRICS: string[] = Object.values(metricNames);

const rel = (f: BicepFile) => path.relative(root, f.file);

describe('infra/ Bicep templates', () => {
  it('declare what the issue asks for', () => {
    const types = files.flatMap((f) => f.resources.map((r) => r.type));
    for (const type of [
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.BotService/botServices',
      'Microsoft.BotService/botServices/channels',
      'Microsoft.App/managedEnvironments',
      'Microsoft.App/containerApps',
      'Microsoft.DBforPostgreSQL/flexibleServers',
      'Microsoft.KeyVault/vaults',
      'Microsoft.OperationalInsights/workspaces',
      'Microsoft.Insights/components',
      'Microsoft.Insights/scheduledQueryRules',
    ])
      expect(types, type).toContain(type);
    const bot = modules.get('bot')!.text;
    expect(bot).toMatch(/channelName: 'MsTeamsChannel'/);
    expect(bot).toMatch(/channelName: 'OutlookChannel'/);
    expect(bot).toMatch(/msaAppType: 'UserAssignedMSI'/);
    expect(main.text).toMatch(/^param location string = 'uksouth'$/m);
  });

  it('use every param they declare', () => {
    for (const f of files)
      for (const p of f.params)
        expect(uses(f, p.name), `${rel(f)}: param ${p.name} is never used`).toBeGreaterThan(0);
  });

  it('use every var they declare', () => {
    for (const f of files)
      for (const v of f.vars) expect(uses(f, v), `${rel(f)}: var ${v} is never used`).toBeGreaterThan(0);
  });

  it('give each module exactly its params, all the required ones included', () => {
    for (const m of main.modules) {
      const target = modules.get(m.symbol)!;
      const declared = target.params.map((p) => p.name);
      for (const given of m.params) expect(declared, `${m.symbol} has no param ${given}`).toContain(given);
      for (const p of target.params.filter((p) => !p.hasDefault))
        expect(m.params, `${m.symbol} needs ${p.name}`).toContain(p.name);
    }
  });

  it('refer only to outputs the modules declare', () => {
    for (const f of files)
      for (const ref of outputReferences(f)) {
        const target = modules.get(ref.symbol);
        expect(target, `${rel(f)}: ${ref.symbol} is not a module`).toBeDefined();
        expect(target!.outputs, `${rel(f)}: ${ref.symbol}.outputs.${ref.output}`).toContain(ref.output);
      }
  });

  it('start every expression from something declared', () => {
    for (const f of files) {
      const declared = declaredNames(f);
      for (const rootName of memberRoots(f))
        expect(declared.has(rootName), `${rel(f)}: ${rootName} is not declared`).toBe(true);
    }
  });

  it('loop only over values known when the deployment starts (BCP178)', () => {
    for (const f of files)
      for (const m of f.code.matchAll(/\bfor\s+\w+\s+in\s+(\w+)\s*:/g)) {
        const name = m[1]!;
        if (f.params.some((p) => p.name === name)) continue;
        const at = f.code.search(new RegExp(`^var\\s+${name}\\s*=`, 'm'));
        expect(at, `${rel(f)}: loops over ${name}, which is not a var or param`).toBeGreaterThanOrEqual(0);
        const rest = f.code.slice(at + 1);
        const definition = rest.slice(0, rest.search(/^(var|resource|module|output|param)\s/m));
        expect(definition, `${rel(f)}: var ${name} depends on a runtime value`).not.toMatch(
          /\.outputs\.|\.properties\.|listKeys\(|\b(identity|vault|logs)\./,
        );
      }
  });

  it('keep secrets as @secure params, never in outputs', () => {
    for (const f of files) {
      for (const p of f.params.filter((p) => /(password|secret|sharedKey)$/i.test(p.name)))
        expect(p.decorators, `${rel(f)}: ${p.name}`).toContain('@secure()');
      for (const o of f.outputs) expect(o, rel(f)).not.toMatch(/password|secret|key$/i);
    }
  });

  it('run at least one replica and probe /livez and /readyz', () => {
    const app = modules.get('app')!;
    expect(app.params.find((p) => p.name === 'minReplicas')!.decorators).toContain('@minValue(1)');
    expect(main.params.find((p) => p.name === 'minReplicas')!.decorators).toContain('@minValue(1)');
    expect(app.text).toMatch(/type: 'Liveness'\s+httpGet: \{\s+path: '\/livez'/);
    expect(app.text).toMatch(/type: 'Readiness'\s+httpGet: \{\s+path: '\/readyz'/);
  });

  it('offer zone redundancy, backups and private access for PostgreSQL', () => {
    const db = modules.get('database')!.text;
    expect(db).toMatch(/mode: zoneRedundant \? 'ZoneRedundant' : 'Disabled'/);
    expect(db).toMatch(/backupRetentionDays: backupRetentionDays/);
    expect(db).toMatch(/delegatedSubnetResourceId: delegatedSubnetId/);
    expect(main.text).toMatch(/^param privateNetwork bool = true$/m);
  });
});

describe('the container app settings', () => {
  const names = [...main.text.matchAll(/\{ name: '([A-Za-z_]+)', (value|secretRef):/g)].map((m) => m[1]!);
  const secretRefs = [...main.text.matchAll(/secretRef: '([a-z-]+)'/g)].map((m) => m[1]!);
  const secretNames = [.../var secretNames = \[([^\]]*)\]/.exec(main.text)![1]!.matchAll(/'([a-z-]+)'/g)].map(
    (m) => m[1]!,
  );
  // Read by work on other branches (issue 14's telemetry, the tenancy and fail-closed work): set
  // here so that one provisioning serves the merged app.
  const readElsewhere = ['MIGRATION_DATABASE_URL', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'TRUST_PROXY'];

  it('reference only secrets the vault holds, and use every one', () => {
    expect(secretRefs.length).toBeGreaterThan(0);
    for (const ref of secretRefs) expect(secretNames).toContain(ref);
    for (const name of secretNames) expect(secretRefs).toContain(name);
  });

  it('are variables the app reads', async () => {
    const { readdirSync } = await import('node:fs');
    const source = ['src', 'bot']
      .flatMap((dir) =>
        (readdirSync(path.join(root, dir), { recursive: true }) as string[])
          .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
          .map((f) => readFileSync(path.join(root, dir, f), 'utf8')),
      )
      .join('\n');
    expect(names).toContain('DATABASE_URL');
    for (const name of names.filter((n) => !readElsewhere.includes(n)))
      expect(source, `the app never reads ${name}`).toMatch(new RegExp(`\\b${name}\\b`));
  });
});

describe('infra/azure.parameters.json', () => {
  it('sets only params the template declares, and every param without a default', () => {
    const declared = main.params.map((p) => p.name);
    for (const key of Object.keys(parameters.parameters)) expect(declared).toContain(key);
    for (const p of main.params.filter((p) => !p.hasDefault))
      expect(Object.keys(parameters.parameters)).toContain(p.name);
  });

  it('takes every secure param from a SECRET_ value (the git-ignored .user file)', () => {
    for (const p of main.params.filter((p) => p.decorators.includes('@secure()'))) {
      const given = parameters.parameters[p.name]?.value;
      expect(given, p.name).toMatch(/^\$\{\{SECRET_[A-Z0-9_]+\}\}$/);
    }
    for (const [name, { value }] of Object.entries(parameters.parameters))
      if (typeof value === 'string' && value.includes('SECRET_'))
        expect(main.params.find((p) => p.name === name)!.decorators, name).toContain('@secure()');
  });

  it('gives booleans and strings the types the template declares', () => {
    for (const [name, { value }] of Object.entries(parameters.parameters)) {
      const type = main.params.find((p) => p.name === name)!.type;
      expect(typeof value, name).toBe(type === 'bool' ? 'boolean' : type === 'int' ? 'number' : 'string');
    }
  });
});

describe('the alert rules', () => {
  const monitoring = modules.get('monitoring')!.text;
  const watched = [...monitoring.matchAll(/metric: '([^']+)'/g)].map((m) => m[1]!);

  it('watch only metrics the app reports, under their exact names', () => {
    expect(watched.length).toBeGreaterThan(0);
    for (const name of watched) expect(APP_METRICS).toContain(name);
  });

  it('cover dead and stuck notifications, stale deadlines, sweep lag, failed deliveries and slow card actions', () => {
    for (const name of [
      'cp_disputes.outbox.dead',
      'cp_disputes.outbox.oldest_age_seconds',
      'cp_disputes.outbox.pending',
      'cp_disputes.deadlines.stale',
      'cp_disputes.sweep.lag_seconds',
      'cp_disputes.deliveries.failed',
      'cp_disputes.card_action.duration',
    ])
      expect(watched).toContain(name);
    // And silence: no metric at all means no instance is running.
    expect(monitoring).toMatch(/customMetrics \| where name startswith "cp_disputes\."/);
  });
});

describe('the operations and go-live documents', () => {
  const operations = readFileSync(path.join(root, 'docs', 'operations.md'), 'utf8');
  const goLive = readFileSync(path.join(root, 'docs', 'go-live.md'), 'utf8');
  const monitoring = modules.get('monitoring')!.text;

  it('describe every metric the app reports and every alert rule, by name', () => {
    for (const name of APP_METRICS) expect(operations, name).toContain(`\`${name}\``);
    const rules = [...monitoring.matchAll(/^\s+name: '([a-z-]+)'\n\s+metric:/gm)].map((m) => m[1]!);
    expect(rules.length).toBeGreaterThan(5);
    for (const rule of [...rules, 'no-telemetry']) expect(operations, rule).toContain(`\`${rule}\``);
  });

  it('say plainly that the templates were never compiled', () => {
    expect(goLive).toMatch(/never been\s+(>\s+)?compiled/);
    expect(main.text).toMatch(/NOT COMPILED HERE/);
  });
});
