import { ConfigError, loadConfig } from '../config.js';
import { AdminApiError, AdminClient } from './admin-client.js';
import { runCommand, UsageError } from './admin-commands.js';

/**
 * `npm run admin -- <command>`: account administration through the admin API. Endpoint and root
 * credentials come from the server's own configuration (OKS3_HOST/OKS3_PORT, OKS3_ACCESS_KEY/
 * OKS3_SECRET_KEY, OKS3_REGION, with the same development defaults); `--endpoint` overrides.
 */
async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  let endpoint = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  if (argv[0] === '--endpoint') {
    endpoint = argv[1] ?? '';
    argv = argv.slice(2);
  }
  const client = new AdminClient(endpoint, { ...config.rootCredentials, region: config.region });
  const result = await runCommand(client, argv);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof AdminApiError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = err instanceof UsageError ? 64 : 1;
      return;
    }
    process.stderr.write(`admin: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
