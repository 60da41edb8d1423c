import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type RawResponse, sendRaw, signRequest } from './support/raw-http.js';
import { useServer } from './support/use-server.js';

/**
 * A GET racing the DELETE of its key, in a loop, through raw signed HTTP: the GET may lose (404) or
 * win (200 with every byte), but never hang and never get a body that ends short. A DELETE frees
 * the version's blob at once (its blocks stay on disk through the collector's grace period), so a
 * GET that read the version row just before could find its block list gone.
 */
const server = useServer();
const ROUNDS = 150;

describe('GET racing DELETE', () => {
  it('answers every GET with all the bytes or 404, never a short or hung body', async () => {
    const bucket = await server.bucket('getdel');
    const port = server.port;
    const send = async (method: string, key: string, body?: Buffer): Promise<RawResponse | 'hung'> => {
      const req = await signRequest(port, {
        method,
        path: `/${bucket}/${key}`,
        body,
        headers: body ? { 'content-length': String(body.length) } : {},
      });
      return Promise.race([sendRaw(port, req), sleep(10_000).then(() => 'hung' as const)]);
    };
    const outcomes = { whole: 0, notFound: 0, freedMidRead: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const key = `k${round}`;
      // Block-backed (above the inline limit), a few blocks.
      const body = randomBytes(300_000);
      const put = await send('PUT', key, body);
      expect(put !== 'hung' && put.status).toBe(200);
      const [get, del] = await Promise.all([
        // The GET goes 0-5 ms after the DELETE: it wins some rounds, loses others, and in between
        // reads the version row just before the DELETE frees the blob.
        sleep(round % 6).then(() => send('GET', key)),
        send('DELETE', key),
      ]);
      expect(del !== 'hung' && del.status).toBe(204);
      if (get === 'hung') throw new Error(`round ${round}: the GET hung`);
      if (get.status === 200) {
        expect(get.body.length).toBe(body.length);
        expect(get.body.equals(body)).toBe(true);
        outcomes.whole++;
      } else {
        expect([get.status, get.code]).toEqual([404, 'NoSuchKey']);
        outcomes.notFound++;
        if (get.text.includes('deleted while it was being read')) outcomes.freedMidRead++;
      }
    }
    console.log('[get-delete race]', JSON.stringify(outcomes));
    // Both orders happened, and so did the race between them: a GET that found the version and then
    // its blob freed (16 of 150 rounds on the dev machine).
    expect(outcomes.whole).toBeGreaterThanOrEqual(1);
    expect(outcomes.freedMidRead).toBeGreaterThanOrEqual(1);
    expect(outcomes.whole + outcomes.notFound).toBe(ROUNDS);
  }, 120_000);
});
