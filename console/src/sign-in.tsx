import type { S3Client } from '@aws-sdk/client-s3';
import { useState } from 'preact/hooks';
import { type Credentials, signIn } from './session.js';

export function SignIn(props: { onSignedIn: (s3: S3Client, credentials: Credentials) => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const credentials = {
      accessKeyId: String(form.get('accessKeyId') ?? '').trim(),
      secretAccessKey: String(form.get('secretAccessKey') ?? ''),
    };
    setBusy(true);
    setError('');
    try {
      props.onSignedIn(await signIn(credentials), credentials);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="sign-in">
      <form class="card" onSubmit={submit} aria-describedby="sign-in-note">
        <h1>OK-S3 console</h1>
        <label>
          Access key
          <input name="accessKeyId" autocomplete="username" required autofocus spellcheck={false} />
        </label>
        <label>
          Secret key
          <input name="secretAccessKey" type="password" autocomplete="current-password" required />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p id="sign-in-note" class="note">
          Requests are signed in this browser; the secret key is kept in this tab only and never sent.
        </p>
      </form>
    </main>
  );
}
