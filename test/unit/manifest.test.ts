// Checks the Teams app package offline: manifest and zh-cn strings against the schemas bundled in @microsoft/app-manifest, the icons, and the SSO wiring.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils, TeamsManifestConverter } from '@microsoft/app-manifest';
import type { AppManifest, TeamsManifestV1D30 } from '@microsoft/app-manifest';
import { describe, expect, it } from 'vitest';
import { decodePng, readPngHeader } from '../fixtures/png';

type Manifest = TeamsManifestV1D30.TeamsManifestV1D30;
type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifestDir = path.join(root, 'manifest');
const read = (relative: string) => readFileSync(path.join(root, relative), 'utf8');

// What provisioning would write; env/.env.local supplies the values it already sets (TEAMSFX_ENV, APP_NAME_SUFFIX).
const sample: Record<string, string> = {
  TEAMS_APP_ID: '8d4c6f43-2b7a-4e0c-9a57-1c3f2d9e7b11',
  BOT_ID: 'c2a1e9f0-5d3b-4c8e-8f6a-0b7d9e1f2a34',
  AAD_APP_CLIENT_ID: '5f0e3d2c-1b4a-4f69-8e7d-6c5b4a392817',
  AAD_APP_OBJECT_ID: '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d',
  BOT_DOMAIN: 'guanxi.example.com',
};
const teamsDesktopClient = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
const teamsWebClient = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';
const placeholder = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function readEnvFile(relative: string): Record<string, string> {
  const entries = read(relative)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as const;
    });
  return Object.fromEntries(entries);
}

const localEnv = readEnvFile('env/.env.local');

/** Replaces ${{NAME}} the way the Toolkit does; an unknown name fails, as it does in `teamsapp provision`. */
function fill(text: string): string {
  return text.replace(placeholder, (_, name: string) => {
    const value = localEnv[name] || sample[name];
    if (value === undefined) throw new Error(`no value for placeholder ${name}`);
    return value;
  });
}

const placeholdersIn = (text: string) => [...text.matchAll(placeholder)].map((match) => match[1]);

const manifestText = read('manifest/manifest.json');
const manifest = JSON.parse(fill(manifestText)) as Manifest;
const aadManifest = JSON.parse(fill(read('manifest/aad.manifest.json'))) as {
  signInAudience: string;
  accessTokenAcceptedVersion: number;
  identifierUris: string[];
  oauth2Permissions: { id: string; value: string; isEnabled: boolean }[];
  preAuthorizedApplications: { appId: string; permissionIds: string[] }[];
};
const zhCn = JSON.parse(read('manifest/zh-cn.json')) as Record<string, string>;

// The package loads schemas by URL and falls back to the network; reading the bundled file keeps the check offline.
const schemaRoot = path.dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest'));
function bundledSchema(url: string): Schema {
  const file = path.join(schemaRoot, new URL(url).pathname);
  expect(existsSync(file), `${url} is bundled in @microsoft/app-manifest`).toBe(true);
  return JSON.parse(readFileSync(file, 'utf8')) as Schema;
}

/**
 * The bundled localisation schema writes a literal `]` unescaped in its activity-type key patterns. JavaScript accepts that
 * only outside Unicode mode, and ajv compiles patterns in Unicode mode; escaping it keeps each pattern's meaning.
 */
function withUnicodeSafePatterns(schema: Schema): Schema {
  const { patternProperties } = schema as { patternProperties?: Record<string, unknown> };
  if (!patternProperties) return schema;
  const fixed = Object.entries(patternProperties).map(([pattern, rule]) => [pattern.replaceAll('\\b]', '\\b\\]'), rule]);
  return { ...schema, patternProperties: Object.fromEntries(fixed) } as Schema;
}

describe('Teams app manifest', () => {
  it('uses only placeholders that env/.env.local declares', () => {
    const names = new Set([...placeholdersIn(manifestText), ...placeholdersIn(read('manifest/aad.manifest.json'))]);
    expect([...names].filter((name) => name === undefined || !(name in localEnv))).toEqual([]);
    expect(localEnv.TEAMSFX_ENV).toBe('local');
  });

  it('is valid against its bundled schema once the placeholders are filled', async () => {
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    // The converter checks the JSON against the package's types for this manifest version, and throws if it does not fit.
    expect(() => TeamsManifestConverter.jsonToManifest(JSON.stringify(manifest))).not.toThrow();
    const errors = await AppManifestUtils.validateAgainstSchema(manifest as AppManifest, bundledSchema(manifest.$schema!));
    expect(errors).toEqual([]);
  });

  it('fails validation when the manifest is broken', async () => {
    const broken = structuredClone(manifest) as Partial<Manifest>;
    delete broken.developer;
    broken.bots = [{ ...manifest.bots![0]!, botId: 'not-a-guid' }];
    const errors = await AppManifestUtils.validateAgainstSchema(broken as AppManifest, bundledSchema(manifest.$schema!));
    expect(errors.some((error) => error.includes('developer'))).toBe(true);
    expect(errors.some((error) => error.includes('/bots/0/botId'))).toBe(true);
  });

  it('has the personal tabs, the one channel tab (pipeline or case queue), the bot with its commands, SSO and the zh-cn strings', () => {
    const url = `https://${sample.BOT_DOMAIN}/tabs/home/index.html`;
    const pipelineUrl = `https://${sample.BOT_DOMAIN}/tabs/pipeline/index.html`;
    const casesUrl = `https://${sample.BOT_DOMAIN}/tabs/cases/index.html`;
    const alertsUrl = `https://${sample.BOT_DOMAIN}/tabs/alerts/index.html`;
    expect(manifest.staticTabs).toEqual([
      expect.objectContaining({
        entityId: 'home',
        name: 'Guanxi CRM',
        contentUrl: `${url}?inTeams=true`,
        websiteUrl: url,
        scopes: ['personal'],
      }),
      // The personal pipeline shows the viewer's own deals; bot cards deep-link to this entity id.
      expect.objectContaining({
        entityId: 'pipeline',
        name: 'Pipeline',
        contentUrl: `${pipelineUrl}?inTeams=true&owner=me`,
        websiteUrl: `${pipelineUrl}?owner=me`,
        scopes: ['personal'],
      }),
      // The viewer's own service cases; the case queue of a team is a channel tab, set up on the one configuration page.
      expect.objectContaining({
        entityId: 'cases',
        name: 'My cases',
        contentUrl: `${casesUrl}?inTeams=true&view=mine`,
        websiteUrl: `${casesUrl}?view=mine`,
        scopes: ['personal'],
      }),
      // The rule builder: managers set up their alerts; everyone else reads the rules.
      expect.objectContaining({
        entityId: 'alerts',
        name: 'Alerts',
        contentUrl: `${alertsUrl}?inTeams=true`,
        websiteUrl: alertsUrl,
        scopes: ['personal'],
      }),
    ]);
    // Teams allows one configurable tab per app (the schema's maxItems 1): its page offers the pipeline or a case queue.
    expect(manifest.configurableTabs).toEqual([
      expect.objectContaining({
        configurationUrl: `https://${sample.BOT_DOMAIN}/tabs/pipeline/config.html?inTeams=true`,
        canUpdateConfiguration: true,
        scopes: ['team', 'groupChat'],
      }),
    ]);

    const bot = manifest.bots?.[0];
    expect(bot?.botId).toBe(sample.BOT_ID);
    expect(bot?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot?.supportsFiles).toBe(false);
    const lists = bot?.commandLists ?? [];
    expect(lists.map((list) => list.scopes)).toEqual([['personal'], ['team', 'groupChat']]);
    for (const list of lists)
      expect(list.commands.map((command) => command.title)).toEqual([
        'help',
        'account',
        'new account',
        'log',
        'pipeline',
        'move',
        'new lead',
        'convert lead',
      ]);

    expect(manifest.validDomains).toEqual([sample.BOT_DOMAIN]);
    expect(manifest.webApplicationInfo).toEqual({
      id: sample.AAD_APP_CLIENT_ID,
      resource: `api://${sample.BOT_DOMAIN}/${sample.AAD_APP_CLIENT_ID}`,
    });
    expect(manifest.permissions).toContain('identity');

    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'en-us',
      additionalLanguages: [{ languageTag: 'zh-cn', file: 'zh-cn.json' }],
    });
    expect(existsSync(path.join(manifestDir, 'zh-cn.json'))).toBe(true);
  });
});

describe('zh-cn localisation', () => {
  it('is valid against the bundled localisation schema', async () => {
    expect(zhCn.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`,
    );
    // The validator is plain JSON Schema; its parameter type only names app manifests.
    const schema = withUnicodeSafePatterns(bundledSchema(zhCn.$schema!));
    const validate = (strings: Record<string, string>) => AppManifestUtils.validateAgainstSchema(strings as unknown as AppManifest, schema);
    expect(await validate(zhCn)).toEqual([]);
    // A key the schema does not allow must be reported, or the check above proves nothing.
    expect(await validate({ ...zhCn, 'bots[0].commandLists[7].commands[0].title': '帮助' })).not.toEqual([]);
  });

  it('translates only strings the manifest has', () => {
    const missing = Object.keys(zhCn)
      .filter((key) => key !== '$schema')
      .filter((key) => typeof lookup(manifest, key) !== 'string');
    expect(missing).toEqual([]);
    expect(zhCn['name.short']).toBe('关系 CRM');
    expect(zhCn['staticTabs[3].name']).toBe('提醒');
  });
});

describe('Entra app manifest for Teams SSO', () => {
  it('exposes access_as_user on the URI the Teams manifest names, pre-authorised for the Teams clients', () => {
    expect(aadManifest.signInAudience).toBe('AzureADMultipleOrgs');
    expect(aadManifest.accessTokenAcceptedVersion).toBe(2);
    expect(aadManifest.identifierUris).toEqual([manifest.webApplicationInfo?.resource]);
    const scope = aadManifest.oauth2Permissions.find((permission) => permission.value === 'access_as_user');
    expect(scope?.isEnabled).toBe(true);
    const clients = aadManifest.preAuthorizedApplications.map((client) => client.appId);
    expect(clients).toEqual(expect.arrayContaining([teamsDesktopClient, teamsWebClient]));
    for (const client of aadManifest.preAuthorizedApplications) expect(client.permissionIds).toEqual([scope?.id]);
  });
});

describe('app icons', () => {
  it('are the files the manifest names', () => {
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('color.png is a 192×192 opaque full-colour image', () => {
    const file = readFileSync(path.join(manifestDir, 'color.png'));
    expect(readPngHeader(file)).toMatchObject({ width: 192, height: 192, bitDepth: 8 });
    const image = decodePng(file);
    expect([2, 6]).toContain(image.colorType);
    expect(alphas(image.rgba).every((alpha) => alpha === 255)).toBe(true);
  });

  it('outline.png is a 32×32 RGBA image, white on transparent', () => {
    const file = readFileSync(path.join(manifestDir, 'outline.png'));
    expect(readPngHeader(file)).toEqual({ width: 32, height: 32, bitDepth: 8, colorType: 6, interlace: 0 });
    const { rgba } = decodePng(file);
    const visible: number[][] = [];
    for (let i = 0; i < rgba.length; i += 4) if (rgba[i + 3] !== 0) visible.push([...rgba.subarray(i, i + 3)]);
    expect(alphas(rgba).some((alpha) => alpha === 0)).toBe(true);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.filter(([r, g, b]) => r !== 255 || g !== 255 || b !== 255)).toEqual([]);
  });
});

/** Follows a localisation key such as `bots[0].commandLists[1].commands[2].title` into the manifest. */
function lookup(value: unknown, key: string): unknown {
  const steps = key.split('.').flatMap((part) => {
    const [name, ...indexes] = part.split(/[[\]]+/).filter(Boolean);
    return [name, ...indexes.map(Number)];
  });
  return steps.reduce<unknown>((node, step) => {
    if (node === null || typeof node !== 'object' || step === undefined) return undefined;
    return (node as Record<string | number, unknown>)[step];
  }, value);
}

function alphas(rgba: Uint8Array): number[] {
  const result: number[] = [];
  for (let i = 3; i < rgba.length; i += 4) result.push(rgba[i] ?? 0);
  return result;
}
