// The server's configuration, read once from the environment and validated with zod.
import { z } from 'zod';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopback(host: string): boolean {
  return loopbackHosts.has(host) || host.startsWith('127.');
}

const optional = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));
const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((value) => (value === undefined ? undefined : value === 'true' || value === '1'));

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
  GUANXI_DEV_MODE: flag,
  GUANXI_DEMO_DATA: flag,
  DEV_TENANT_ID: z.string().default('dev-tenant'),
  DEV_USER_ID: z.string().default('dev-user'),
  DEV_USER_NAME: z.string().default('Local Developer'),
  AZURE_TABLES_CONNECTION_STRING: optional,
  AZURE_TABLES_ACCOUNT_URL: optional.pipe(z.url().optional()),
  TABLE_PREFIX: z
    .string()
    .regex(/^([A-Za-z][A-Za-z0-9]*)?$/, 'letters and digits, starting with a letter')
    .default(''),
  AZURITE_TABLE_PORT: z.coerce.number().int().min(1).max(65535).default(10002),
  DATA_DIR: z.string().default('.data'),
  MicrosoftAppId: optional,
  BOT_ID: optional,
  MicrosoftAppPassword: optional,
  SECRET_BOT_PASSWORD: optional,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optional,
  BotOpenIdMetadata: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  AAD_APP_CLIENT_ID: optional,
  AAD_APP_ID_URI: optional,
  BOT_DOMAIN: optional,
  PUBLIC_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ENTRA_JWKS_URL: optional,
  ALLOWED_TENANTS: optional,
  TEAMS_APP_ID: optional,
  SCHEDULER_TICK_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  SCHEDULER_LEASE_MS: z.coerce.number().int().min(300).max(3_600_000).default(60_000),
  SCHEDULER_STOP_MS: z.coerce.number().int().min(0).max(600_000).default(8_000),
});

export type Environment = z.input<typeof environmentSchema>;

export interface Config {
  port: number;
  host: string;
  /** Where people reach the server; links in cards start with it. */
  publicUrl: string;
  /** The Teams app's id, for deep links into its tabs; without it links open the tab pages on `publicUrl`. */
  teamsAppId?: string;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  /** Local development mode: a dev identity instead of Entra sign-in; loopback only. */
  devMode: boolean;
  devIdentity: { tenantId: string; userId: string; displayName: string };
  /** Load the demo data set into the dev identity's tenant at start-up, when that tenant is empty; dev mode only. */
  demoData: boolean;
  storage:
    | { kind: 'connection-string'; connectionString: string }
    | { kind: 'account-url'; accountUrl: string }
    | { kind: 'azurite'; port: number; location: string };
  tablePrefix: string;
  /** `openIdMetadataUrl`: where the signing keys of Bot Framework tokens are published; unset, the public cloud's. */
  bot: {
    appId?: string;
    appPassword?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId?: string;
    openIdMetadataUrl?: string;
  };
  sso?: { clientId: string; applicationIdUri?: string; jwksUrl?: string; allowedTenants?: string[] };
  /**
   * Scheduled jobs: how often due jobs are looked for, how long a job's lease lasts unrenewed (a process that dies
   * mid-run holds its jobs up to this long), and how long a stop waits for running jobs before it hands them over.
   */
  scheduler: { tickMs: number; leaseMs: number; stopMs: number };
}

/** Reads the configuration; throws a message naming each bad variable, or an unsafe combination. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) throw new Error(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  const env = parsed.data;
  const devMode = env.GUANXI_DEV_MODE ?? (isLoopback(env.HOST) && !env.AAD_APP_CLIENT_ID);
  if (devMode && !isLoopback(env.HOST)) {
    throw new Error(
      `Local development mode signs everyone in as a dev identity, so it only runs on loopback; HOST is ${env.HOST}. Unset GUANXI_DEV_MODE or bind to 127.0.0.1.`,
    );
  }
  if (!devMode && !env.AAD_APP_CLIENT_ID) {
    throw new Error(
      'Outside local development mode the tab API needs Teams SSO: set AAD_APP_CLIENT_ID (and AAD_APP_ID_URI or BOT_DOMAIN).',
    );
  }
  if (env.GUANXI_DEMO_DATA && !devMode) {
    throw new Error(
      "GUANXI_DEMO_DATA loads demo data into the dev identity's tenant, so it needs local development mode; unset it or enable GUANXI_DEV_MODE on a loopback HOST.",
    );
  }
  const clientId = env.AAD_APP_CLIENT_ID;
  return {
    port: env.PORT,
    host: env.HOST,
    publicUrl: (
      env.PUBLIC_URL ??
      (env.BOT_DOMAIN ? `https://${env.BOT_DOMAIN}` : `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}`)
    ).replace(/\/$/, ''),
    ...(env.TEAMS_APP_ID ? { teamsAppId: env.TEAMS_APP_ID } : {}),
    logLevel: env.LOG_LEVEL,
    devMode,
    devIdentity: { tenantId: env.DEV_TENANT_ID, userId: env.DEV_USER_ID, displayName: env.DEV_USER_NAME },
    demoData: env.GUANXI_DEMO_DATA ?? false,
    storage: env.AZURE_TABLES_CONNECTION_STRING
      ? { kind: 'connection-string', connectionString: env.AZURE_TABLES_CONNECTION_STRING }
      : env.AZURE_TABLES_ACCOUNT_URL
        ? { kind: 'account-url', accountUrl: env.AZURE_TABLES_ACCOUNT_URL }
        : { kind: 'azurite', port: env.AZURITE_TABLE_PORT, location: `${env.DATA_DIR}/azurite` },
    tablePrefix: env.TABLE_PREFIX,
    bot: {
      appId: env.MicrosoftAppId ?? env.BOT_ID,
      appPassword: env.MicrosoftAppPassword ?? env.SECRET_BOT_PASSWORD,
      appType: env.MicrosoftAppType,
      tenantId: env.MicrosoftAppTenantId,
      openIdMetadataUrl: env.BotOpenIdMetadata,
    },
    sso: clientId
      ? {
          clientId,
          applicationIdUri: env.AAD_APP_ID_URI ?? (env.BOT_DOMAIN ? `api://${env.BOT_DOMAIN}/${clientId}` : undefined),
          jwksUrl: env.ENTRA_JWKS_URL,
          allowedTenants: env.ALLOWED_TENANTS?.split(',')
            .map((tenant) => tenant.trim())
            .filter(Boolean),
        }
      : undefined,
    scheduler: { tickMs: env.SCHEDULER_TICK_MS, leaseMs: env.SCHEDULER_LEASE_MS, stopMs: env.SCHEDULER_STOP_MS },
  };
}
