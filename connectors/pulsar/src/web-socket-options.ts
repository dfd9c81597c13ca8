import type { ClientOptions } from 'ws';

/**
 * The connector's WebSocket connections: without permessage-deflate, which `ws` offers and Pulsar's
 * WebSocket service takes by default. Compressing every small JSON frame took about half the CPU of
 * a job reading and writing Pulsar, more than the rest of the connector together. A broker that
 * accepts the connection but never answers its opening fails it after 30 s instead of never.
 */
export const WEB_SOCKET_OPTIONS: ClientOptions = { perMessageDeflate: false, handshakeTimeout: 30_000 };
