/** How sizes, dates and types read in the console. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatDate(iso: string | Date | null | undefined): string {
  if (!iso) return '';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The kinds the console can preview, by the extension when the listing has no type. */
export type Kind = 'image' | 'video' | 'audio' | 'pdf' | 'text' | 'other';

const BY_EXTENSION: Record<string, [string, Kind]> = {
  png: ['image/png', 'image'],
  jpg: ['image/jpeg', 'image'],
  jpeg: ['image/jpeg', 'image'],
  gif: ['image/gif', 'image'],
  webp: ['image/webp', 'image'],
  svg: ['image/svg+xml', 'image'],
  avif: ['image/avif', 'image'],
  mp4: ['video/mp4', 'video'],
  webm: ['video/webm', 'video'],
  mov: ['video/quicktime', 'video'],
  mp3: ['audio/mpeg', 'audio'],
  ogg: ['audio/ogg', 'audio'],
  wav: ['audio/wav', 'audio'],
  m4a: ['audio/mp4', 'audio'],
  flac: ['audio/flac', 'audio'],
  pdf: ['application/pdf', 'pdf'],
  txt: ['text/plain', 'text'],
  md: ['text/markdown', 'text'],
  csv: ['text/csv', 'text'],
  log: ['text/plain', 'text'],
  json: ['application/json', 'text'],
  xml: ['application/xml', 'text'],
  yaml: ['text/yaml', 'text'],
  yml: ['text/yaml', 'text'],
  html: ['text/html', 'text'],
  css: ['text/css', 'text'],
  js: ['text/javascript', 'text'],
  ts: ['text/plain', 'text'],
};

export function typeFromName(name: string): string {
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return BY_EXTENSION[ext]?.[0] ?? '';
}

/** What a preview shows, from the object's Content-Type (the name decides for octet-stream). */
export function kindOf(contentType: string, name: string): Kind {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '' || type === 'application/octet-stream' || type === 'binary/octet-stream') {
    const guessed = typeFromName(name);
    return guessed ? kindOf(guessed, '') : 'other';
  }
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'application/pdf') return 'pdf';
  if (
    type.startsWith('text/') ||
    /^application\/(json|xml|yaml|javascript)$/.test(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  ) {
    return 'text';
  }
  return 'other';
}

/** The type a preview is served with: images as what they are, never HTML or script. */
export function previewType(kind: Kind, contentType: string): string | undefined {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  switch (kind) {
    case 'pdf':
      return 'application/pdf';
    case 'text':
      return 'text/plain; charset=utf-8';
    case 'image':
    case 'video':
    case 'audio':
      return type.includes('/') && !type.endsWith('octet-stream') ? type : undefined;
    default:
      return undefined;
  }
}
