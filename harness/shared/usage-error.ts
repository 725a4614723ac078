/**
 * An error caused by the user's input (a flag, a config value, a missing folder).
 * The CLI prints its message as one line and exits with code 2. The message must name
 * the field or flag that is wrong and say how to fix it.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
