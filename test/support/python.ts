import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './constants.js';

const run = promisify(execFile);
const PYTHON = path.resolve('.venv/bin/python');

export interface PythonRun {
  /** Working directory of the script. */
  cwd?: string;
  maxBuffer?: number;
}

/**
 * Runs the test virtualenv's Python (scripts/test.sh makes `.venv` from test/requirements.txt)
 * with the server's endpoint and the test root credentials in OKS3_ENDPOINT, OKS3_ACCESS_KEY and
 * OKS3_SECRET_KEY, as the example scripts and the boto3 test scripts read them.
 */
export function runPython(args: string[], endpoint: string, opts: PythonRun = {}) {
  if (!existsSync(PYTHON)) {
    throw new Error('No .venv: run the tests with "npm test", which creates it from test/requirements.txt');
  }
  return run(PYTHON, args, {
    ...opts,
    env: {
      ...process.env,
      OKS3_ENDPOINT: endpoint,
      OKS3_ACCESS_KEY: TEST_ACCESS_KEY,
      OKS3_SECRET_KEY: TEST_SECRET_KEY,
    },
  });
}
