/** A mistake in how a command was called or what it was given: shown as is, without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}
