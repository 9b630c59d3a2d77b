/**
 * A mistake the user can fix (a wrong config, a missing token, a bad argument), told apart from a
 * bug in Evident (codeql-action's status report does the same): the CLI prints these without a
 * stack trace and exits 2; anything else is a bug and is reported as one.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  /** One line per problem, each naming where it is and what to do. */
  readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[] = []) {
    super(problems.length === 0 ? message : `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * An input a command needs could not be read in full (an API failed, was rate limited or answered
 * out of shape). Not a bug and not the user's mistake: the CLI prints the message without a stack
 * trace and exits 2, and nothing is produced from the part that was read.
 */
export class InputUnavailableError extends Error {
  override name = 'InputUnavailableError';
}
