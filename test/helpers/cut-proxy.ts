/**
 * A tiny TCP proxy in front of a server that drops connections on purpose: for the first
 * `drops` streaming responses it destroys the client socket right after `afterEvents`
 * complete SSE frames (`\n\n`) have passed, as a flaky mobile network or proxy would.
 */
import net from 'node:net';

export interface CutProxy {
  origin: string;
  /** Streaming responses cut so far. */
  readonly cuts: number;
  /** `Last-Event-ID` headers seen on requests, in order. */
  readonly lastEventIds: string[];
  close(): Promise<void>;
}

export async function startCutProxy(
  target: string,
  options: {
    afterEvents: number;
    drops?: number;
    /** Cut inside the next frame (after its first `bytesIntoFrame` bytes) instead of at a boundary. */
    bytesIntoFrame?: number;
  },
): Promise<CutProxy> {
  const {hostname, port} = new URL(target);
  const sockets = new Set<net.Socket>();
  let cuts = 0;
  const lastEventIds: string[] = [];
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(Number(port), hostname);
    sockets.add(upstream);
    let streaming = false;
    let frames = 0;
    let carry = '';
    let armed = false;
    client.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      if (/^GET [^ ]*\/stream/.test(text)) {
        streaming = true;
        frames = 0;
        carry = '';
        armed = cuts < (options.drops ?? 1);
        const id = /\r\nLast-Event-ID:\s*(\S+)/i.exec(text)?.[1];
        if (id) lastEventIds.push(id);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!streaming || !armed) {
        client.write(chunk);
        return;
      }
      // Pass bytes through frame by frame; cut at the chosen point.
      const text = chunk.toString('latin1');
      let out = '';
      for (let i = 0; i < text.length; i++) {
        out += text[i];
        carry += text[i];
        if (carry.endsWith('\n\n')) {
          if (carry.startsWith('id:') || carry.includes('\nid:')) frames++;
          carry = '';
        }
        const atBoundary =
          options.bytesIntoFrame === undefined && frames >= options.afterEvents && carry === '';
        const inFrame =
          options.bytesIntoFrame !== undefined &&
          frames >= options.afterEvents &&
          carry.length >= options.bytesIntoFrame;
        if (atBoundary || inFrame) {
          client.write(Buffer.from(out, 'latin1'), () => {
            client.destroy();
            upstream.destroy();
          });
          cuts++;
          armed = false;
          return;
        }
      }
      client.write(Buffer.from(out, 'latin1'));
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    get cuts() {
      return cuts;
    },
    lastEventIds,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
