// What stops the Teams app package from being built: every problem found, listed at once.

export class PackageError extends Error {
  override name = 'PackageError';
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
  }
}
