// Configuration: safe defaults for a new user, and refusal of unsafe combinations.
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('runs locally with embedded Azurite and the dev identity by default', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.host).toBe('127.0.0.1');
    expect(config.devMode).toBe(true);
    expect(config.storage).toEqual({ kind: 'azurite', port: 10002, location: '.data/azurite' });
  });

  it('uses the connection string when one is set, and starts no Azurite', () => {
    const config = loadConfig({
      AZURE_TABLES_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=b;EndpointSuffix=core.windows.net',
    });
    expect(config.storage.kind).toBe('connection-string');
  });

  it('refuses local development mode on a non-loopback address', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0', GUANXI_DEV_MODE: 'true' })).toThrow(/only runs on loopback/);
  });

  it('turns dev mode off when an Entra app is configured, and then requires nothing else to authenticate', () => {
    const config = loadConfig({ AAD_APP_CLIENT_ID: 'c1', BOT_DOMAIN: 'crm.example.com' });
    expect(config.devMode).toBe(false);
    expect(config.sso).toMatchObject({ clientId: 'c1', applicationIdUri: 'api://crm.example.com/c1' });
  });

  it('refuses to serve the API without sign-in outside dev mode', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/AAD_APP_CLIENT_ID/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('ticks the scheduler every 30 s with one-minute leases and waits up to 8 s for running jobs at a stop, unless told otherwise', () => {
    expect(loadConfig({}).scheduler).toEqual({ tickMs: 30_000, leaseMs: 60_000, stopMs: 8_000 });
    expect(loadConfig({ SCHEDULER_TICK_MS: '50', SCHEDULER_LEASE_MS: '3000', SCHEDULER_STOP_MS: '0' }).scheduler).toEqual({
      tickMs: 50,
      leaseMs: 3_000,
      stopMs: 0,
    });
    expect(() => loadConfig({ SCHEDULER_LEASE_MS: '10' })).toThrow(/SCHEDULER_LEASE_MS/);
  });

  it('reads the bot app id under both the Toolkit and the Bot Framework names', () => {
    expect(loadConfig({ BOT_ID: 'b1', SECRET_BOT_PASSWORD: 'p' }).bot).toMatchObject({ appId: 'b1', appPassword: 'p' });
    expect(loadConfig({ MicrosoftAppId: 'm1' }).bot.appId).toBe('m1');
  });

  it("reads where the Bot Framework's signing keys are published, as an http(s) URL under botbuilder's own name", () => {
    expect(
      loadConfig({ BotOpenIdMetadata: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration' }).bot.openIdMetadataUrl,
    ).toBe('https://login.botframework.azure.us/v1/.well-known/openidconfiguration');
    expect(loadConfig({}).bot.openIdMetadataUrl).toBeUndefined();
    expect(() => loadConfig({ BotOpenIdMetadata: 'login.botframework.com' })).toThrow(/BotOpenIdMetadata/);
  });

  it("accepts .env.example as it ships, which names the emulator's port and the data folder", () => {
    const example = parseEnv(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'));

    expect(Object.keys(example)).toEqual(expect.arrayContaining(['AZURITE_TABLE_PORT', 'DATA_DIR']));
    expect(loadConfig(example).storage).toEqual({ kind: 'azurite', port: 10002, location: '.data/azurite' });
  });
});
