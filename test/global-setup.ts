// One real Azurite per test run (in memory, random loopback port); tests isolate themselves by tenant id.
import type { TestProject } from 'vitest/node';
import { findFreePort, startAzurite } from '../src/storage/azurite';

declare module 'vitest' {
  export interface ProvidedContext {
    azuriteConnectionString: string;
  }
}

export default async function setup(project: TestProject) {
  const azurite = await startAzurite({ port: await findFreePort() });
  project.provide('azuriteConnectionString', azurite.connectionString);
  return () => azurite.stop();
}
