/**
 * Following redirects by hand, for every client alike: only to http: and https:, at most
 * `MAX_REDIRECTS` hops. Left to themselves the clients differ — node-fetch follows a redirect to a
 * `data:` URL, node:http follows none — and the downloader fetches http(s) only, redirected or not.
 */
import { countBody, type ResponseBody } from './body-reader';

/** What `downloadAll` needs of a response, whichever client gave it. */
export interface MinimalResponse {
  status: number;
  body: ResponseBody;
  /** The `Location` header, as sent (relative or absolute), or null. */
  location: string | null;
  /** Set on a 3xx that was not followed: why (another scheme than http(s), too many hops, …). */
  unfollowedRedirect?: string;
}

/** Starts one GET; `signal` cancels it, from the request to the end of the body. */
export type Fetcher = (url: string, signal: AbortSignal) => Promise<MinimalResponse>;

/** The most redirects one download follows (what the Fetch standard allows). */
export const MAX_REDIRECTS = 20;

/** The statuses that redirect a GET to the `Location` header's URL. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A redirect's own body is not the page: read a little of it (so its connection can be reused), then drop it. */
const REDIRECT_BODY_BYTES = 64 * 1024;

/**
 * Wrap a fetcher that follows no redirects (`redirect: 'manual'`) into one that follows them to
 * http(s) URLs only. A redirect it does not follow comes back as the 3xx response, without its body,
 * with `unfollowedRedirect` saying why (another scheme, a bad Location, too many hops).
 * @example const fetcher = followingRedirects((url, signal) => nodeHttpGet(url, signal, agents));
 */
export function followingRedirects(fetchOnce: Fetcher): Fetcher {
  return async (url, signal) => {
    let current = url;
    for (let hops = 0; ; hops++) {
      const response = await fetchOnce(current, signal);
      if (response.status < 300 || response.status > 399) return response;
      await countBody(response.body, REDIRECT_BODY_BYTES).catch(() => 0);
      const unfollowed = (why: string): MinimalResponse => ({
        status: response.status,
        body: null,
        location: response.location,
        unfollowedRedirect: `HTTP ${response.status}: ${why}`,
      });
      if (!REDIRECT_STATUSES.has(response.status) || response.location === null)
        return unfollowed('not a redirect with a Location to follow');
      let next: URL;
      try {
        next = new URL(response.location, current);
      } catch {
        return unfollowed('redirect to an invalid URL');
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        return unfollowed(`redirect to ${next.protocol} not followed (only http: and https: are)`);
      if (hops === MAX_REDIRECTS) return unfollowed(`more than ${MAX_REDIRECTS} redirects`);
      current = next.href;
    }
  };
}
