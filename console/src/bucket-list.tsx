import type { S3Client } from '@aws-sdk/client-s3';
import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from './dialog.js';
import { formatDate } from './format.js';
import { type BucketSummary, createBucket, deleteBucket, listBuckets } from './objects.js';
import { href } from './route.js';

export function BucketList(props: { s3: S3Client; report: (message: string, isError?: boolean) => void }) {
  const { s3, report } = props;
  const [buckets, setBuckets] = useState<BucketSummary[] | undefined>();
  const [confirming, setConfirming] = useState<string | undefined>();

  async function reload() {
    try {
      setBuckets(await listBuckets(s3));
    } catch (err) {
      report(`Could not list buckets: ${(err as Error).message}`, true);
    }
  }
  useEffect(() => {
    void reload();
  }, [s3]);

  async function create(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('bucket') ?? '').trim();
    try {
      await createBucket(s3, name);
      form.reset();
      report(`Bucket ${name} created.`);
      await reload();
    } catch (err) {
      report(`Could not create bucket ${name}: ${(err as Error).message}`, true);
    }
  }

  async function remove(name: string) {
    try {
      await deleteBucket(s3, name);
      report(`Bucket ${name} deleted.`);
      await reload();
    } catch (err) {
      report(`Could not delete bucket ${name}: ${(err as Error).message}`, true);
    }
  }

  return (
    <section aria-labelledby="buckets-title">
      <h1 id="buckets-title">Buckets</h1>
      <form class="inline-form" onSubmit={create}>
        <label>
          New bucket name
          <input
            name="bucket"
            required
            minLength={3}
            maxLength={63}
            pattern="[a-z0-9][a-z0-9.\-]*[a-z0-9]"
            title="3 to 63 lower-case letters, digits, dots and hyphens"
            spellcheck={false}
          />
        </label>
        <button type="submit" class="primary">
          Create bucket
        </button>
      </form>
      {buckets === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : buckets.length === 0 ? (
        <p>No buckets yet.</p>
      ) : (
        <table class="listing">
          <caption class="visually-hidden">Your buckets</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" class="date">
                Created
              </th>
              <th scope="col" class="actions">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.name}>
                <td>
                  <a href={href(b.name, '')}>{b.name}</a>
                </td>
                <td class="date">{formatDate(b.createdAt)}</td>
                <td class="actions">
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Delete bucket ${b.name}`}
                    onClick={() => setConfirming(b.name)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirming && (
        <ConfirmDialog
          title="Delete bucket"
          message={`Delete the bucket ${confirming}? Only an empty bucket can be deleted.`}
          confirm="Delete bucket"
          onConfirm={() => void remove(confirming)}
          onClose={() => setConfirming(undefined)}
        />
      )}
    </section>
  );
}
