// Each council the deployment serves, with its own services: its directory and protocols, and a
// database view that acts for it alone (docs/tenancy.md).
import type { Logger } from 'pino';
import { demoDirectoryPath } from '../adapters/directory/demo-directory.ts';
import { createSqlDisputeStore } from '../adapters/sql/sql-dispute-store.ts';
import { Councils, type Council } from '../app/councils.ts';
import type { Clock } from '../app/ports/clock.ts';
import type { SqlDatabase } from '../app/ports/sql-database.ts';
import { ProtocolRegistry } from '../app/protocol-registry.ts';
import { ConfigError, type AppConfig } from '../config.ts';
import { loadCouncilsFile, type CouncilSettings } from '../councils-file.ts';
import { createIntegrations, type Integrations } from '../integrations.ts';
import { builtinProtocols, loadProtocolFile } from '../protocols/builtin-protocols.ts';

/**
 * A database view for a council whose tenant is known only once its integrations are made (the
 * directory says it): the integrations are handed this, and it acts for the council once `bind`
 * has named it.
 */
function deferredCouncilDatabase(root: SqlDatabase) {
  let bound: SqlDatabase | undefined;
  const view = () => {
    if (!bound) throw new Error('the council of this database view is not known yet');
    return bound;
  };
  const db: SqlDatabase = {
    kind: root.kind,
    get tenantId() {
      return view().tenantId;
    },
    query: (sql, params, options) => view().query(sql, params, options),
    transaction: (work) => view().transaction(work),
    forTenant: (tenantId) => root.forTenant(tenantId),
    close: async () => {},
  };
  return { db, bind: (tenantId: string) => void (bound = root.forTenant(tenantId)) };
}

export interface CouncilWiring {
  councils: Councils;
  /** The first council's integrations: Graph, meetings and mail are one per deployment. */
  integrations: Integrations;
}

/** COUNCILS_FILE's councils, or the one of DIRECTORY_FILE and PROTOCOL_FILES. */
export function councilSettingsOf(config: AppConfig): CouncilSettings[] {
  return config.councilsFile
    ? loadCouncilsFile(config.councilsFile)
    : [
        {
          id: '',
          directoryFile: config.directoryFile ?? demoDirectoryPath,
          protocolFiles: config.protocolFiles,
          tenantIds: [],
        },
      ];
}

/** Each council's directory, protocols and database view (Graph only for a single council). */
export async function wireCouncils(
  config: AppConfig,
  settings: readonly CouncilSettings[],
  root: SqlDatabase,
  env: Record<string, string | undefined>,
  logger: Logger,
  clock: Clock,
  graphFetch: typeof fetch | undefined,
): Promise<CouncilWiring> {
  const store = createSqlDisputeStore();
  if (config.councilsFile && (env.GRAPH_CLIENT_ID || env.GRAPH_TENANT_ID))
    throw new ConfigError(
      'COUNCILS_FILE serves each council from its directory file: Microsoft Graph (GRAPH_*) serves one council per deployment.',
    );
  const councils: Council[] = [];
  let first: Integrations | undefined;
  for (const s of settings) {
    const deferred = deferredCouncilDatabase(root);
    const integrations = await createIntegrations({
      env,
      db: deferred.db,
      directoryFile: s.directoryFile,
      logger,
      ...(graphFetch ? { fetch: graphFetch } : {}),
    });
    deferred.bind(integrations.tenantId);
    first ??= integrations;
    const { directory } = integrations;
    const id = s.id || ('council' in directory ? String(directory.council) : integrations.tenantId);
    councils.push({
      id,
      tenantId: integrations.tenantId,
      signInTenantIds: s.tenantIds.length ? s.tenantIds : [integrations.tenantId.toLowerCase()],
      services: {
        db: root.forTenant(integrations.tenantId),
        store,
        directory,
        protocols: new ProtocolRegistry([...builtinProtocols(), ...s.protocolFiles.map(loadProtocolFile)]),
        clock,
        tenantId: integrations.tenantId,
      },
    });
  }
  return { councils: new Councils(councils), integrations: first! };
}
