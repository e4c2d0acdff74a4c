import type http from 'node:http';

/**
 * A hook that sees every request first. Return true when it answered the request (or will),
 * false to let the static files answer. A thrown error or rejected promise becomes a 500.
 */
export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;
