// Messages between the server and the embedded Azurite's process, over the IPC channel of `azurite-host.ts`.

/** From the emulator's process: it listens, or it could not start (EADDRINUSE when the port is taken). */
export type HostMessage = { kind: 'listening' } | { kind: 'failed'; code: string; message: string };

/** From the server: answer what is under way, save every write and exit. */
export type ServerMessage = 'close';
