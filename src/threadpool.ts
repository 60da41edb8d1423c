/**
 * Imported first by main.ts. Every block write waits on fsync in libuv's thread pool, whose default
 * of 4 threads would cap an upload at 4 block writes at a time whatever the publish window is.
 * The pool is created on first use, so setting the size here, before any file I/O, takes effect.
 */
process.env.UV_THREADPOOL_SIZE ??= '64';
