import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countBody, FETCH_CLIENTS, openClient } from '../lib/io/http-clients';
import { assertNothingOpen, rejects } from './helpers/assert';
import { withServer } from './helpers/http-server';

test('every client gets the status and a body whose bytes countBody counts', async () => {
  await withServer(
    (request, response) => {
      response.writeHead(request.url === '/missing' ? 404 : 200);
      response.end('x'.repeat(request.url === '/missing' ? 3 : 1234));
    },
    async (base) => {
      for (const client of FETCH_CLIENTS) {
        const { fetcher, close } = await openClient(client, 2);
        try {
          const ok = await fetcher(`${base}page`, new AbortController().signal);
          assert.equal([ok.status, await countBody(ok.body, Infinity)], [200, 1234], client);
          const missing = await fetcher(`${base}missing`, new AbortController().signal);
          assert.equal([missing.status, await countBody(missing.body, Infinity)], [404, 3], client);
        } finally {
          close();
        }
      }
    },
  );
});

test('an aborted signal cancels a request in flight, for every client', async () => {
  await withServer(
    () => {
      /* never answers */
    },
    async (base) => {
      for (const client of FETCH_CLIENTS) {
        const { fetcher, close } = await openClient(client, 1);
        try {
          const controller = new AbortController();
          setTimeout(() => controller.abort(), 20);
          await rejects(fetcher(`${base}slow`, controller.signal), /abort/i);
        } finally {
          close();
        }
      }
    },
  );
  await assertNothingOpen(/TCP/);
});

test.run();
