import type { AdminClient } from './admin-client.js';

interface Command {
  args: string[];
  summary: string;
  run(client: AdminClient, args: string[]): Promise<unknown>;
}

/** The CLI's commands: one admin API call each; `args` name the required arguments. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  'create-account': {
    args: ['name'],
    summary: 'create an account',
    run: (c, [name]) => c.createAccount(name!),
  },
  'set-email': {
    args: ['name', 'email'],
    summary: 'give an account the e-mail address ACL grants may name',
    run: (c, [name, email]) => c.setEmail(name!, email!),
  },
  'list-accounts': {
    args: [],
    summary: 'list accounts and their keys',
    run: (c) => c.listAccounts(),
  },
  'create-key': {
    args: ['account'],
    summary: 'create an access key (the secret is printed once)',
    run: (c, [account]) => c.createKey(account!),
  },
  'disable-key': {
    args: ['accessKeyId'],
    summary: 'disable an access key',
    run: (c, [id]) => c.setKeyEnabled(id!, false),
  },
  'enable-key': {
    args: ['accessKeyId'],
    summary: 'enable an access key again',
    run: (c, [id]) => c.setKeyEnabled(id!, true),
  },
  'disable-account': {
    args: ['name'],
    summary: 'disable an account (all its keys stop working)',
    run: (c, [name]) => c.setAccountEnabled(name!, false),
  },
  'enable-account': {
    args: ['name'],
    summary: 'enable an account again',
    run: (c, [name]) => c.setAccountEnabled(name!, true),
  },
  scrub: {
    args: [],
    summary: 're-read and verify every block now; report damage by bucket',
    run: (c) => c.scrub(),
  },
  'scrub-status': {
    args: [],
    summary: 'the report of the last finished scrub round',
    run: (c) => c.lastScrub(),
  },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(
    ([name, c]) => `  ${[name, ...c.args.map((a) => `<${a}>`)].join(' ').padEnd(32)} ${c.summary}`,
  );
  return [
    'usage: npm run admin -- [--endpoint http://host:port] <command> [args]',
    '',
    ...lines,
    '',
    'Signs with OKS3_ACCESS_KEY/OKS3_SECRET_KEY (the root credentials; dev pair when unset).',
  ].join('\n');
}

/** Runs one command; throws a usage error for an unknown command or missing arguments. */
export async function runCommand(client: AdminClient, argv: readonly string[]): Promise<unknown> {
  const [name = '', ...args] = argv;
  const command = COMMANDS[name];
  if (!command || args.length !== command.args.length) throw new UsageError(usage());
  return command.run(client, args);
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
