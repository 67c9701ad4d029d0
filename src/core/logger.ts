// Structured log lines (JSON on stderr); LOG_LEVEL=silent|error|warn|info|debug.
const levels = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 } as const;
export type LogLevel = keyof typeof levels;

export interface Logger {
  error(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  debug(message: string, context?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Where log lines go: one structured line at a time. */
export type LogSink = (line: Record<string, unknown>) => void;

const toStderr: LogSink = (line) => process.stderr.write(`${JSON.stringify(line)}\n`);

/**
 * A logger at `level`; lines go to stderr unless another sink is given.
 * @example createLogger('debug', {}, (line) => lines.push(line)) // keeps the lines, to read them back
 */
export function createLogger(level: LogLevel, bindings: Record<string, unknown> = {}, sink: LogSink = toStderr): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>, message: string, context?: Record<string, unknown>) => {
    if (levels[at] > levels[level]) return;
    sink({ time: new Date().toISOString(), level: at, message, ...bindings, ...serialise(context) });
  };
  return {
    error: (message, context) => write('error', message, context),
    warn: (message, context) => write('warn', message, context),
    info: (message, context) => write('info', message, context),
    debug: (message, context) => write('debug', message, context),
    child: (more) => createLogger(level, { ...bindings, ...more }, sink),
  };
}

function serialise(context: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) =>
      value instanceof Error ? [key, { name: value.name, message: value.message, stack: value.stack }] : [key, value],
    ),
  );
}
