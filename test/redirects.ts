import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countBody, FETCH_CLIENTS, openClient } from '../lib/io/http-clients';
import { MAX_REDIRECTS } from '../lib/io/redirects';
import { withServer } from './helpers/http-server';

test(`clients follow ≤ ${MAX_REDIRECTS} redirects, relative ones resolved against the URL giving them`, async () => {
  let hops = 0;
  await withServer(
    (request, response) => {
      hops++;
      // Relative Locations, each resolved against the URL that sent it: /r/0 → x/1 → y/2 ends at /r/x/y/2.
      const next = ({ '/r/0': 'x/1', '/r/x/1': 'y/2' } as Record<string, string>)[request.url!];
      if (next) response.writeHead(307, { location: next }).end();
      else if (request.url === '/loop') response.writeHead(308, { location: '/loop' }).end();
      else if (request.url === '/r/x/y/2') response.end(`arrived at ${request.url}`);
      else response.writeHead(404).end();
    },
    async (base) => {
      for (const client of FETCH_CLIENTS) {
        const { fetcher, close } = await openClient(client, 2);
        try {
          const chain = await fetcher(`${base}r/0`, new AbortController().signal);
          assert.equal(
            [chain.status, await countBody(chain.body, Infinity)],
            [200, 'arrived at /r/x/y/2'.length],
            client,
          );
          hops = 0;
          const loop = await fetcher(`${base}loop`, new AbortController().signal);
          assert.is(loop.status, 308, client);
          assert.is(loop.unfollowedRedirect, `HTTP 308: more than ${MAX_REDIRECTS} redirects`, client);
          assert.is(hops, MAX_REDIRECTS + 1, `${client}: requests to the loop`);
        } finally {
          close();
        }
      }
    },
  );
});

test.run();
