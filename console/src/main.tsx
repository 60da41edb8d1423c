import type { S3Client } from '@aws-sdk/client-s3';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { BucketList } from './bucket-list.js';
import { ObjectBrowser } from './object-browser.js';
import { useRoute } from './route.js';
import { type Credentials, clientFor, forgetCredentials, savedCredentials } from './session.js';
import { SignIn } from './sign-in.js';

interface Signed {
  s3: S3Client;
  credentials: Credentials;
}

function restored(): Signed | undefined {
  const credentials = savedCredentials();
  return credentials ? { s3: clientFor(credentials), credentials } : undefined;
}

function App() {
  const [signed, setSigned] = useState<Signed | undefined>(restored);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | undefined>();
  const route = useRoute();
  // A message is about the page it was given on.
  useEffect(() => setMessage(undefined), [route.bucket, route.folder]);

  if (!signed) {
    return <SignIn onSignedIn={(s3, credentials) => setSigned({ s3, credentials })} />;
  }

  const report = (text: string, isError = false) => setMessage({ text, isError });
  function signOut() {
    forgetCredentials();
    signed?.s3.destroy();
    setSigned(undefined);
    setMessage(undefined);
    window.location.hash = '';
  }

  return (
    <>
      <a class="skip-link" href="#content">
        Skip to content
      </a>
      <header class="top-bar">
        <a href="#/" class="brand">
          OK-S3
        </a>
        <span class="who" title="Signed in with this access key">
          {signed.credentials.accessKeyId}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <div
        role={message?.isError ? 'alert' : 'status'}
        class={message?.isError ? 'message error' : 'message'}
      >
        {message?.text}
      </div>
      <main id="content" tabIndex={-1}>
        {route.bucket === '' ? (
          <BucketList s3={signed.s3} report={report} />
        ) : (
          <ObjectBrowser
            s3={signed.s3}
            credentials={signed.credentials}
            bucket={route.bucket}
            folder={route.folder}
            report={report}
          />
        )}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
