/** The `orders` provider the fixture pacts (fixtures/pacts/v3/web-orders.json) were written against, on 127.0.0.1. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startOrdersProvider(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET' && u.pathname === '/orders/1')
        return json(200, { id: 1, status: 'NEW', customer: 'alice', items: [{ sku: 'SKU-1', qty: 2 }] });
      if (req.method === 'GET' && u.pathname === '/orders') return json(200, [{ id: 7 }]);
      if (req.method === 'POST' && u.pathname === '/orders') return json(201, { id: 42, status: 'NEW' });
      json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((c) => server.close(() => c())),
  };
}
