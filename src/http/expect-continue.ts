import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * `Expect: 100-continue` is answered only when a handler starts reading the body, which every
 * operation does after the signature and its permission are checked. A request refused before
 * that gets its error at once and is never invited to send the body. (Node would otherwise send
 * 100 Continue for every such request before any handler ran.)
 */
export function continueWhenBodyIsRead(
  server: Server,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    // Piping or iterating the body resumes the stream; Node's own drain after the response has
    // gone out also resumes it, which is why a sent response ends the offer.
    req.once('resume', () => {
      if (!res.headersSent && !res.writableEnded) res.writeContinue();
    });
    handle(req, res);
  });
}
