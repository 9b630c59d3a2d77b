/**
 * The loopback GitHub at the paths of GitHub Enterprise Server: `/api/v3/…` for REST and
 * `/api/graphql` for GraphQL (https://docs.github.com/en/enterprise-server@latest/rest/quickstart).
 * Probot takes its API address only as GHE_HOST, so a process started with
 * `GHE_HOST=127.0.0.1:<port> GHE_PROTOCOL=http` reaches github-server.ts through this.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EnterpriseProxy {
  /** `127.0.0.1:<port>`, for GHE_HOST. */
  host: string;
  close(): Promise<void>;
}

export async function startEnterpriseProxy(target: string): Promise<EnterpriseProxy> {
  const upstream = new URL(target);
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '/';
    const path = url.startsWith('/api/v3/') ? url.slice('/api/v3'.length) : url === '/api/graphql' ? '/graphql' : undefined;
    if (path === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: request.method, path, headers: { ...request.headers, host: upstream.host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
