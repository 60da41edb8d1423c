import { useEffect, useState } from 'preact/hooks';

/** Where the console is: `#/` the buckets, `#/{bucket}/{folder}` a folder (each part URI-encoded). */
export interface Route {
  bucket: string;
  folder: string;
}

export function href(bucket: string, folder: string): string {
  return `#/${encodeURIComponent(bucket)}/${folder.split('/').map(encodeURIComponent).join('/')}`;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const slash = path.indexOf('/');
  if (path === '') return { bucket: '', folder: '' };
  const bucket = decodeURIComponent(slash === -1 ? path : path.slice(0, slash));
  const folder =
    slash === -1
      ? ''
      : path
          .slice(slash + 1)
          .split('/')
          .map(decodeURIComponent)
          .join('/');
  return { bucket, folder };
}

/** The route in the URL's fragment, so Back, reload and bookmarks work. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
